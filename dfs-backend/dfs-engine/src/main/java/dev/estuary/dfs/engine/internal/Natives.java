package dev.estuary.dfs.engine.internal;

import dev.estuary.dfs.DfsException;
import dev.estuary.dfs.ErrorKind;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;
import java.nio.file.Path;

/**
 * The Linux calls Java NIO lacks, bound with the FFM API: {@code fallocate} (punch holes, reserve
 * space), {@code lseek} with {@code SEEK_DATA}/{@code SEEK_HOLE}, {@code ftruncate} (extend with a
 * hole), {@code fstat} (allocated blocks), and {@code copy_file_range}. Every call
 * captures {@code errno} ({@link Linker.Option#captureCallState}) and turns a failure into a
 * {@link DfsException} naming the call and the file. The method handles are immutable constants.
 */
public final class Natives {
  /** {@code O_RDONLY}. */
  public static final int O_RDONLY = 0;
  /** {@code O_RDWR}. */
  public static final int O_RDWR = 2;
  /** {@code O_CLOEXEC} (x86_64 and aarch64). */
  public static final int O_CLOEXEC = 02000000;
  /** {@code FALLOC_FL_KEEP_SIZE} ({@code linux/falloc.h}). */
  public static final int FALLOC_FL_KEEP_SIZE = 1;
  /** {@code FALLOC_FL_PUNCH_HOLE} ({@code linux/falloc.h}); must be combined with KEEP_SIZE. */
  public static final int FALLOC_FL_PUNCH_HOLE = 2;
  /** {@code SEEK_DATA} ({@code unistd.h}). */
  public static final int SEEK_DATA = 3;
  /** {@code SEEK_HOLE} ({@code unistd.h}). */
  public static final int SEEK_HOLE = 4;

  private static final int ENXIO = 6;
  private static final int EINVAL = 22;
  private static final int EFBIG = 27;
  private static final int ENOSPC = 28;
  private static final int EDQUOT = 122;
  private static final int EOPNOTSUPP = 95;
  private static final int EINTR = 4;

  /** Offset of {@code st_blocks} in the x86_64 and aarch64 glibc {@code struct stat}. */
  private static final long ST_BLOCKS_OFFSET = 64;
  private static final long STAT_SIZE = 144;

  private static final Linker LINKER = Linker.nativeLinker();
  private static final StructLayout CAPTURE = Linker.Option.captureStateLayout();
  private static final VarHandle ERRNO =
      CAPTURE.varHandle(MemoryLayout.PathElement.groupElement("errno"));
  private static final Linker.Option ERRNO_OPTION = Linker.Option.captureCallState("errno");

  private static final MethodHandle OPEN = bind("open",
      FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_INT,
          ValueLayout.JAVA_INT), Linker.Option.firstVariadicArg(2));
  private static final MethodHandle CLOSE =
      bind("close", FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT));
  private static final MethodHandle FALLOCATE = bind("fallocate",
      FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT,
          ValueLayout.JAVA_LONG, ValueLayout.JAVA_LONG));
  private static final MethodHandle LSEEK = bind("lseek",
      FunctionDescriptor.of(ValueLayout.JAVA_LONG, ValueLayout.JAVA_INT, ValueLayout.JAVA_LONG,
          ValueLayout.JAVA_INT));
  private static final MethodHandle FTRUNCATE = bind("ftruncate",
      FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_LONG));
  private static final MethodHandle FSTAT = bind("fstat",
      FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.ADDRESS));
  /**
   * {@code pread(2)} straight into a heap array: {@code critical(true)} lets the call take a heap
   * segment, which saves the copy through the JDK's temporary direct buffer that {@code
   * FileChannel.read} makes for a heap buffer. The price: the thread stays in Java state during
   * the call, so a GC safepoint waits for it; callers bound the length ({@link #MAX_HEAP_PREAD}).
   */
  private static final MethodHandle PREAD = bind("pread",
      FunctionDescriptor.of(ValueLayout.JAVA_LONG, ValueLayout.JAVA_INT, ValueLayout.ADDRESS,
          ValueLayout.JAVA_LONG, ValueLayout.JAVA_LONG), Linker.Option.critical(true));
  private static final MethodHandle COPY_FILE_RANGE = bind("copy_file_range",
      FunctionDescriptor.of(ValueLayout.JAVA_LONG, ValueLayout.JAVA_INT, ValueLayout.ADDRESS,
          ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_LONG, ValueLayout.JAVA_INT));

  /**
   * Largest read {@link #pread} is used for: about 0.1 ms from the page cache, so a safepoint
   * waits at most that long behind it on a warm file (a cold one costs a disk read, as any read).
   */
  public static final int MAX_HEAP_PREAD = 1 << 20;

  private Natives() {}

  private static MethodHandle bind(String name, FunctionDescriptor fd, Linker.Option... extra) {
    Linker.Option[] options = new Linker.Option[extra.length + 1];
    options[0] = ERRNO_OPTION;
    System.arraycopy(extra, 0, options, 1, extra.length);
    MemorySegment symbol = LINKER.defaultLookup().find(name)
        .or(() -> SymbolLookup.loaderLookup().find(name))
        .orElseThrow(() -> new UnsatisfiedLinkError("libc symbol: " + name + " (expected: in libc)"));
    return LINKER.downcallHandle(symbol, fd, options);
  }

  /**
   * Opens a file ({@code open(2)}).
   *
   * @param path the file
   * @param flags {@link #O_RDWR} or {@link #O_RDONLY}
   * @return the file descriptor
   */
  public static int open(Path path, int flags) {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment state = arena.allocate(CAPTURE);
      MemorySegment cpath = arena.allocateFrom(path.toString());
      while (true) {
        int fd = (int) OPEN.invokeExact(state, cpath, flags | O_CLOEXEC, 0);
        if (fd >= 0) {
          return fd;
        }
        int errno = errno(state);
        if (errno != EINTR) {
          throw failure("open", path, errno);
        }
      }
    } catch (Throwable t) {
      throw rethrow(t);
    }
  }

  /**
   * Closes a file descriptor ({@code close(2)}); errors are ignored as there is nothing to retry.
   *
   * @param fd the descriptor
   */
  public static void close(int fd) {
    try (Arena arena = Arena.ofConfined()) {
      int unused = (int) CLOSE.invokeExact(arena.allocate(CAPTURE), fd);
    } catch (Throwable t) {
      throw rethrow(t);
    }
  }

  /**
   * Calls {@code fallocate(2)}.
   *
   * @param fd the descriptor
   * @param mode 0, {@link #FALLOC_FL_KEEP_SIZE} or punch-hole mode
   * @param offset the first byte
   * @param length the byte count, {@code > 0}
   * @param what the file, for messages
   */
  public static void fallocate(int fd, int mode, long offset, long length, Object what) {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment state = arena.allocate(CAPTURE);
      while (true) {
        int rc = (int) FALLOCATE.invokeExact(state, fd, mode, offset, length);
        if (rc == 0) {
          return;
        }
        int errno = errno(state);
        if (errno != EINTR) {
          throw failure("fallocate(mode " + mode + ", " + offset + ", " + length + ")", what, errno);
        }
      }
    } catch (Throwable t) {
      throw rethrow(t);
    }
  }

  /**
   * Calls {@code lseek(2)} with {@link #SEEK_DATA} or {@link #SEEK_HOLE}.
   *
   * @param fd the descriptor
   * @param offset where to start
   * @param whence {@link #SEEK_DATA} or {@link #SEEK_HOLE}
   * @param what the file, for messages
   * @return the offset found
   * @throws DfsException {@link ErrorKind#NO_DATA} on {@code ENXIO}
   */
  public static long lseek(int fd, long offset, int whence, Object what) {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment state = arena.allocate(CAPTURE);
      long rc = (long) LSEEK.invokeExact(state, fd, offset, whence);
      if (rc >= 0) {
        return rc;
      }
      throw failure("lseek(" + offset + ", " + (whence == SEEK_DATA ? "SEEK_DATA" : "SEEK_HOLE") + ")",
          what, errno(state));
    } catch (Throwable t) {
      throw rethrow(t);
    }
  }

  /**
   * Reads with {@code pread(2)} into a heap array, without the JDK's bounce through a temporary
   * direct buffer (see {@link #PREAD}).
   *
   * @param fd the descriptor
   * @param array the destination
   * @param offset where in the array
   * @param length bytes wanted, at most {@link #MAX_HEAP_PREAD}
   * @param position the file offset
   * @param what the file, for messages
   * @return bytes read, 0 at the end of the file
   */
  public static int pread(int fd, byte[] array, int offset, int length, long position, Object what) {
    if (length < 0 || length > MAX_HEAP_PREAD || offset < 0 || offset > array.length - length) {
      throw new IllegalArgumentException("pread of " + length + " bytes at array offset " + offset + " of "
          + array.length + " (expected: 0 to " + MAX_HEAP_PREAD + " bytes inside the array)");
    }
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment state = arena.allocate(CAPTURE);
      MemorySegment dst = MemorySegment.ofArray(array).asSlice(offset, length);
      while (true) {
        long rc = (long) PREAD.invokeExact(state, fd, dst, (long) length, position);
        if (rc >= 0) {
          return (int) rc;
        }
        int errno = errno(state);
        if (errno != EINTR) {
          throw failure("pread(" + position + ", " + length + ")", what, errno);
        }
      }
    } catch (Throwable t) {
      throw rethrow(t);
    }
  }

  /**
   * Calls {@code ftruncate(2)}, which extends with a hole or shrinks.
   *
   * @param fd the descriptor
   * @param length the new length
   * @param what the file, for messages
   */
  public static void ftruncate(int fd, long length, Object what) {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment state = arena.allocate(CAPTURE);
      while (true) {
        int rc = (int) FTRUNCATE.invokeExact(state, fd, length);
        if (rc == 0) {
          return;
        }
        int errno = errno(state);
        if (errno != EINTR) {
          throw failure("ftruncate(" + length + ")", what, errno);
        }
      }
    } catch (Throwable t) {
      throw rethrow(t);
    }
  }

  /**
   * Returns the bytes of storage a file occupies ({@code st_blocks * 512} from {@code fstat(2)}).
   *
   * @param fd the descriptor
   * @param what the file, for messages
   * @return allocated bytes
   */
  public static long allocatedBytes(int fd, Object what) {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment state = arena.allocate(CAPTURE);
      MemorySegment stat = arena.allocate(STAT_SIZE, 8);
      int rc = (int) FSTAT.invokeExact(state, fd, stat);
      if (rc != 0) {
        throw failure("fstat", what, errno(state));
      }
      return stat.get(ValueLayout.JAVA_LONG, ST_BLOCKS_OFFSET) * 512;
    } catch (Throwable t) {
      throw rethrow(t);
    }
  }

  /**
   * Copies a range between two files inside the kernel ({@code copy_file_range(2)}), looping
   * until {@code length} bytes are copied or the source ends.
   *
   * @param in the source descriptor
   * @param inOffset the source offset
   * @param out the target descriptor
   * @param outOffset the target offset
   * @param length the byte count
   * @param what the files, for messages
   * @return the bytes copied
   */
  public static long copyFileRange(int in, long inOffset, int out, long outOffset, long length,
      Object what) {
    try (Arena arena = Arena.ofConfined()) {
      MemorySegment state = arena.allocate(CAPTURE);
      MemorySegment inOff = arena.allocate(ValueLayout.JAVA_LONG);
      MemorySegment outOff = arena.allocate(ValueLayout.JAVA_LONG);
      inOff.set(ValueLayout.JAVA_LONG, 0, inOffset);
      outOff.set(ValueLayout.JAVA_LONG, 0, outOffset);
      long done = 0;
      while (done < length) {
        long n = (long) COPY_FILE_RANGE.invokeExact(state, in, inOff, out, outOff, length - done, 0);
        if (n == 0) {
          break;
        }
        if (n < 0) {
          int errno = errno(state);
          if (errno == EINTR) {
            continue;
          }
          throw failure("copy_file_range(" + inOffset + ", " + outOffset + ", " + length + ")", what,
              errno);
        }
        done += n;
      }
      return done;
    } catch (Throwable t) {
      throw rethrow(t);
    }
  }

  private static int errno(MemorySegment state) {
    return (int) ERRNO.get(state, 0L);
  }

  private static DfsException failure(String call, Object what, int errno) {
    ErrorKind kind = switch (errno) {
      case ENXIO -> ErrorKind.NO_DATA;
      case ENOSPC -> ErrorKind.NO_SPACE;
      case EDQUOT -> ErrorKind.QUOTA_EXCEEDED;
      case EFBIG -> ErrorKind.FILE_TOO_LARGE;
      case EOPNOTSUPP -> ErrorKind.UNSUPPORTED;
      case EINVAL -> ErrorKind.INVALID_ARGUMENT;
      default -> ErrorKind.IO_ERROR;
    };
    return new DfsException(kind, call + " on " + what + " failed: errno " + errno);
  }

  private static RuntimeException rethrow(Throwable t) {
    if (t instanceof RuntimeException r) {
      return r;
    }
    if (t instanceof Error e) {
      throw e;
    }
    return new IllegalStateException("native call failed", t);
  }
}
