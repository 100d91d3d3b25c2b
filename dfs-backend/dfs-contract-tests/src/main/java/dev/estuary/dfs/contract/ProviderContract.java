package dev.estuary.dfs.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.estuary.dfs.DfsProvider;
import dev.estuary.dfs.ErrorKind;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

/** {@link DfsProvider} itself: its name, discovery through {@link ServiceLoader}, bad directories. */
public abstract class ProviderContract extends DfsContractSupport {

  @Test
  void name_isAShortLowerCaseWord() {
    assertThat(provider().name()).matches("[a-z][a-z0-9-]{0,30}");
  }

  @Test
  void serviceLoader_findsTheProviderByName() {
    String name = provider().name();

    List<String> found =
        ServiceLoader.load(DfsProvider.class).stream()
            .map(p -> p.get().name())
            .filter(name::equals)
            .toList();

    assertThat(found).as("providers named %s", name).hasSize(1);
  }

  @Test
  void open_dataDirectoryIsARegularFile_failsNamingIt() throws IOException {
    Path file = Files.writeString(scratchDirectory().resolve("not-a-directory"), "x");

    assertAnyKind(
        List.of(ErrorKind.IO_ERROR, ErrorKind.INVALID_ARGUMENT),
        () ->
            provider()
                .open(
                    new DfsProvider.Context(file, clock, new SimpleMeterRegistry(), options()))
                .close());
    assertThat(Files.readString(file)).isEqualTo("x");
  }

  @Test
  void open_emptyNewDirectory_hasNoVolumesUntilOneIsCreated() throws IOException {
    Path fresh = Files.createDirectory(scratchDirectory().resolve("fresh"));

    try (var other =
        provider().open(new DfsProvider.Context(fresh, clock, new SimpleMeterRegistry(), options()))) {
      assertThat(other.listVolumes()).isEmpty();
    }
  }
}
