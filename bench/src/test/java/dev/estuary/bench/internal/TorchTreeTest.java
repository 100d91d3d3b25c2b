package dev.estuary.bench.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.estuary.dfs.Attributes;
import dev.estuary.dfs.Dfs;
import dev.estuary.dfs.DfsProvider;
import dev.estuary.dfs.FileHandle;
import dev.estuary.dfs.OpenMode;
import dev.estuary.dfs.Volume;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The torch benchmark's populator writes the same bytes into the engine volume and locally. */
class TorchTreeTest {

  @Test
  void write_tinyLayout_engineAndLocalHoldTheSameFiles(@TempDir Path tmp) throws Exception {
    Path data = tmp.resolve("data");
    Path local = tmp.resolve("local");
    List<TorchTree.Part> parts = List.of(new TorchTree.Part("small", 25, 4096, 10, true),
        new TorchTree.Part("large", 3, 256 * 1024, 1000, true), new TorchTree.Part("scan", 30, 0, 10, true),
        new TorchTree.Part("scan10m", 40, 0, 10, false));
    try (TorchTree tree = TorchTree.open(data, "bench", local, 2)) {
      for (TorchTree.Part part : parts) {
        tree.write(part);
      }
    }

    assertThat(TorchTree.Layout.scaled(0.001).only(List.of("scan10m")).parts())
        .containsExactly(new TorchTree.Part("scan10m", 10_000, 0, 1000, false));
    try (Stream<Path> files = Files.walk(local)) {
      assertThat(files.filter(Files::isRegularFile).count()).isEqualTo(25 + 3 + 30);
    }
    assertThat(local.resolve("small/d002/000024.bin")).hasSize(4096);
    assertThat(local.resolve("scan/d0002/000029")).isEmptyFile();
    assertThat(local.resolve("scan10m")).doesNotExist(); // engine only

    DfsProvider engine = ServiceLoader.load(DfsProvider.class).stream().map(ServiceLoader.Provider::get)
        .filter(p -> p.name().equals("engine")).findFirst().orElseThrow();
    try (Dfs dfs = engine.open(new DfsProvider.Context(data, Clock.systemUTC(), new SimpleMeterRegistry(), Map.of()))) {
      Volume v = dfs.volume("bench");
      for (String path : List.of("small/d000/000000.bin", "small/d002/000024.bin", "large/d000/000002.bin")) {
        byte[] expected = Files.readAllBytes(local.resolve(path));
        Attributes a = v.resolve(path, true);
        ByteBuffer got = ByteBuffer.allocate((int) a.size());
        try (FileHandle h = v.open(a.id(), OpenMode.READ)) {
          while (got.hasRemaining() && h.read(got.position(), got) > 0) {
            // read until full
          }
        }
        assertThat(got.array()).as(path).isEqualTo(expected);
        // the index in the first 8 bytes, as torch_bench.py checks it
        assertThat(ByteBuffer.wrap(expected).getLong()).isEqualTo(
            Long.parseLong(path.substring(path.lastIndexOf('/') + 1, path.lastIndexOf('.'))));
      }
      assertThat(v.resolve("scan/d0002/000029", true).size()).isZero();
      assertThat(v.resolve("scan10m/d0003/000039", true).size()).isZero();
    }
  }
}
