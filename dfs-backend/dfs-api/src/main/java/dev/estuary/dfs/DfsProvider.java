package dev.estuary.dfs;

import static java.util.Objects.requireNonNull;

import io.micrometer.core.instrument.MeterRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.function.Consumer;

/**
 * A backend implementation, discovered with {@link java.util.ServiceLoader} (the embedded engine is
 * {@code engine}; later {@code remote} and {@code daos}). The launcher picks one by {@link #name()}.
 */
public interface DfsProvider {

  /**
   * Returns the name administrators choose this implementation by.
   *
   * @return a short lower-case name such as {@code engine}
   */
  String name();

  /**
   * Opens (creating if needed) a backend instance.
   *
   * @param context where and with what to run
   * @return the open backend; the caller closes it
   * @throws DfsException {@link ErrorKind#IO_ERROR} or {@link ErrorKind#INVALID_ARGUMENT} naming
   *     the unusable directory or option
   */
  Dfs open(Context context);

  /**
   * Checks the consistency of a backend that no process has open ({@code dfs_cont_check}): every
   * name leads to a live object, every object is named or pending cleanup, no storage is leaked.
   * With {@code repair}, fixes what it finds (removes leaked storage and dangling entries, moves
   * unnamed live objects to a {@code lost+found} directory of their volume).
   *
   * @param context where the backend lives
   * @param repair whether to fix what is found
   * @param progress receives one human-readable line now and then on a long check
   * @return what was found and repaired
   * @throws DfsException {@link ErrorKind#BUSY} if the backend is open elsewhere, {@link
   *     ErrorKind#UNSUPPORTED} if this implementation cannot check itself
   */
  default FsckReport fsck(Context context, boolean repair, Consumer<String> progress) {
    throw new DfsException(ErrorKind.UNSUPPORTED, "backend '" + name() + "' has no fsck");
  }

  /**
   * What a backend is opened with. All dependencies are injected: no backend reads the clock,
   * the environment or system properties by itself.
   *
   * @param dataDirectory the directory the backend owns
   * @param clock the time source for object times
   * @param meterRegistry where the backend registers its meters
   * @param options implementation-specific settings (documented by each implementation)
   */
  record Context(
      Path dataDirectory, Clock clock, MeterRegistry meterRegistry, Map<String, String> options) {
    /** Validates and copies the components. */
    public Context {
      requireNonNull(dataDirectory, "dataDirectory");
      requireNonNull(clock, "clock");
      requireNonNull(meterRegistry, "meterRegistry");
      options = Map.copyOf(options);
    }
  }
}
