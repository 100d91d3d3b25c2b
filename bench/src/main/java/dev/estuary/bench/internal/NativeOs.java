package dev.estuary.bench.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * The two libc calls the harness needs that java.nio lacks, through FFM: {@code sync(2)} to settle
 * the page cache between phases, and {@code posix_fadvise(POSIX_FADV_DONTNEED)} to evict a tree's
 * clean pages so a read can be measured cold without root or {@code drop_caches}. Both are
 * optional: without them the harness still runs and says so.
 */
public final class NativeOs {
  private static final int O_RDONLY = 0;
  // <linux/fadvise.h>: POSIX_FADV_DONTNEED is 4 on every Linux architecture but s390x.
  private static final int POSIX_FADV_DONTNEED = 4;

  private final @Nullable MethodHandle sync;
  private final @Nullable MethodHandle open;
  private final @Nullable MethodHandle fadvise;
  private final @Nullable MethodHandle close;

  private NativeOs(
      @Nullable MethodHandle sync,
      @Nullable MethodHandle open,
      @Nullable MethodHandle fadvise,
      @Nullable MethodHandle close) {
    this.sync = sync;
    this.open = open;
    this.fadvise = fadvise;
    this.close = close;
  }

  /**
   * Binds libc, or returns an instance that does nothing if it cannot.
   *
   * @return the bindings
   */
  public static NativeOs load() {
    try {
      Linker linker = Linker.nativeLinker();
      SymbolLookup libc = linker.defaultLookup();
      return new NativeOs(
          bind(linker, libc, "sync", FunctionDescriptor.ofVoid()),
          bind(
              linker, libc, "open",
              FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_INT)),
          bind(
              linker, libc, "posix_fadvise",
              FunctionDescriptor.of(
                  ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_LONG,
                  ValueLayout.JAVA_LONG, ValueLayout.JAVA_INT)),
          bind(linker, libc, "close", FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT)));
    } catch (RuntimeException | LinkageError e) {
      // IllegalCallerException without --enable-native-access, or no libc: run without.
      return new NativeOs(null, null, null, null);
    }
  }

  private static @Nullable MethodHandle bind(
      Linker linker, SymbolLookup libc, String name, FunctionDescriptor fd) {
    Optional<MemorySegment> symbol = libc.find(name);
    return symbol.map(s -> linker.downcallHandle(s, fd)).orElse(null);
  }

  /**
   * Returns whether page-cache eviction is available.
   *
   * @return true if {@link #evict} works
   */
  public boolean canEvict() {
    return open != null && fadvise != null && close != null && sync != null;
  }

  /**
   * Returns whether {@code sync(2)} is available.
   *
   * @return true if {@link #sync} works
   */
  public boolean canSync() {
    return sync != null;
  }

  /** Writes every dirty page of the machine back to storage ({@code sync(2)}); no-op if unbound. */
  public void sync() {
    if (sync == null) {
      return;
    }
    try {
      sync.invokeExact();
    } catch (Throwable t) {
      throw new IllegalStateException("sync(2) failed", t);
    }
  }

  /**
   * Syncs, then drops the cached pages of every regular file under {@code dir}.
   *
   * @param dir the tree
   * @return the number of files advised
   */
  public int evict(Path dir) {
    if (!canEvict()) {
      return 0;
    }
    sync();
    List<Path> files;
    try (Stream<Path> s = Files.walk(dir)) {
      files = s.filter(Files::isRegularFile).toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    int n = 0;
    try (Arena arena = Arena.ofConfined()) {
      for (Path f : files) {
        int fd = (int) open.invokeExact(arena.allocateFrom(f.toString()), O_RDONLY);
        if (fd < 0) {
          continue;
        }
        int rc = (int) fadvise.invokeExact(fd, 0L, 0L, POSIX_FADV_DONTNEED);
        int ignored = (int) close.invokeExact(fd);
        if (rc == 0) {
          n++;
        }
      }
    } catch (Throwable t) {
      throw new IllegalStateException("posix_fadvise under '" + dir + "' failed", t);
    }
    return n;
  }
}
