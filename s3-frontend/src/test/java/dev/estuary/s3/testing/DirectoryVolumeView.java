package dev.estuary.s3.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A {@link VolumeView} over a directory per bucket, which is how s3proxy's {@code filesystem}
 * backend stores buckets: used only when the tests run against an external reference server.
 */
final class DirectoryVolumeView implements VolumeView {
  private final Path root;

  DirectoryVolumeView(Path root) {
    this.root = root;
  }

  @Override
  public List<String> walk(String bucket) {
    Path base = root.resolve(bucket);
    try (Stream<Path> s = Files.walk(base)) {
      return s.filter(p -> !p.equals(base))
          .map(p -> base.relativize(p).toString() + (Files.isDirectory(p) ? "/" : ""))
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void writeFile(String bucket, String path, byte[] data) {
    Path p = root.resolve(bucket).resolve(path);
    try {
      Files.createDirectories(p.getParent());
      Files.write(p, data);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void mkdirs(String bucket, String path) {
    try {
      Files.createDirectories(root.resolve(bucket).resolve(path));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public Optional<byte[]> read(String bucket, String path) {
    try {
      Path p = root.resolve(bucket).resolve(path);
      return Files.isRegularFile(p) ? Optional.of(Files.readAllBytes(p)) : Optional.empty();
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public boolean bucketExists(String bucket) {
    return Files.isDirectory(root.resolve(bucket));
  }
}
