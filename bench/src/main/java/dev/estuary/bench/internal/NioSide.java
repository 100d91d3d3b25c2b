package dev.estuary.bench.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributes;

/**
 * The java.nio side: the same operations done directly on the local filesystem, the cheapest
 * correct way with the standard library (the choices are listed in {@link #METHODS}).
 */
public final class NioSide implements Side<Path> {

  /** How each operation is done, printed with the results. */
  public static final String METHODS =
      """
      nio create  = Files.createFile (open O_CREAT|O_EXCL + close; the same syscalls as \
      FileChannel.open(CREATE_NEW).close(), with less to type)
      nio stat    = Files.readAttributes(path, PosixFileAttributes.class)
      nio readdir = Files.newDirectoryStream, names only
      nio unlink  = Files.delete
      nio small   = FileChannel.open(CREATE_NEW, WRITE) + write(direct 4 KiB) + close; \
      FileChannel.open(READ) + read until -1 + close
      nio big     = FileChannel positional read/write of direct buffers, force(true) to sync""";

  private final Path root;

  /**
   * Creates the side over a fresh directory.
   *
   * @param root an empty directory this side owns
   */
  public NioSide(Path root) {
    this.root = root;
  }

  @Override
  public String label() {
    return "nio";
  }

  @Override
  public Path root() {
    return root;
  }

  @Override
  public Path storage() {
    return root;
  }

  @Override
  public Path mkdir(Path parent, String name) {
    try {
      return Files.createDirectory(parent.resolve(name));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void create(Path dir, String name) {
    try {
      Files.createFile(dir.resolve(name));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public long stat(Path dir, String name) {
    try {
      return Files.readAttributes(dir.resolve(name), PosixFileAttributes.class).size();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public long list(Path dir) {
    long n = 0;
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
      for (Path ignored : entries) {
        n++;
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return n;
  }

  @Override
  public void unlink(Path dir, String name) {
    try {
      Files.delete(dir.resolve(name));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void writeFile(Path dir, String name, ByteBuffer src) {
    try (FileChannel ch =
        FileChannel.open(dir.resolve(name), StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
      while (src.hasRemaining()) {
        ch.write(src);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public int readFile(Path dir, String name, ByteBuffer dst) {
    // A short FileChannel read does not promise the end of the file: read until -1.
    int total = 0;
    try (FileChannel ch = FileChannel.open(dir.resolve(name), StandardOpenOption.READ)) {
      int n;
      while ((n = ch.read(dst)) >= 0) {
        total += n;
        if (!dst.hasRemaining()) {
          throw new IllegalStateException(
              "file '" + name + "': larger than the " + dst.capacity() + "-byte buffer");
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return total;
  }

  @Override
  public BigFile createBig(Path dir, String name) {
    try {
      FileChannel ch =
          FileChannel.open(
              dir.resolve(name),
              StandardOpenOption.CREATE_NEW,
              StandardOpenOption.READ,
              StandardOpenOption.WRITE);
      return new NioBigFile(ch);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void deleteTree(Path parent, String name) {
    Trees.delete(parent.resolve(name));
  }

  @Override
  public void close() {
    Trees.delete(root);
  }

  private record NioBigFile(FileChannel ch) implements BigFile {
    @Override
    public void write(long position, ByteBuffer src) {
      try {
        long pos = position;
        while (src.hasRemaining()) {
          pos += ch.write(src, pos);
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    @Override
    public int read(long position, ByteBuffer dst) {
      try {
        int total = 0;
        while (dst.hasRemaining()) {
          int n = ch.read(dst, position + total);
          if (n < 0) {
            break;
          }
          total += n;
        }
        return total;
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    @Override
    public void sync() {
      try {
        ch.force(true);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    @Override
    public void close() {
      try {
        ch.close();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }
}
