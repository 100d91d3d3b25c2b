package dev.estuary.s3.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/** Local files for client workflow tests: big random files, small trees, and their digests. */
public final class Trees {
  private Trees() {}

  /**
   * Writes a file of pseudo-random bytes in 1 MiB steps (never the whole file in memory).
   *
   * @param file where
   * @param size how many bytes
   * @param seed the seed
   * @return the file's hex SHA-256
   */
  public static String writeRandomFile(Path file, long size, long seed) {
    try {
      Files.createDirectories(file.getParent());
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      try (OutputStream out = Files.newOutputStream(file)) {
        long left = size;
        long block = 0;
        while (left > 0) {
          int n = (int) Math.min(left, 1 << 20);
          byte[] b = TestData.bytes(n, seed * 1_000_003 + block++);
          sha.update(b);
          out.write(b);
          left -= n;
        }
      }
      return HexFormat.of().formatHex(sha.digest());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Hex SHA-256 of a file, streamed.
   *
   * @param file the file
   * @return 64 hex digits
   */
  public static String sha256(Path file) {
    try (InputStream in = new DigestInputStream(Files.newInputStream(file),
        MessageDigest.getInstance("SHA-256"))) {
      in.transferTo(OutputStream.nullOutputStream());
      return HexFormat.of().formatHex(((DigestInputStream) in).getMessageDigest().digest());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Writes a small tree with nested directories and awkward names.
   *
   * @param root where
   * @return relative path to content digest
   */
  public static Map<String, String> writeSmallTree(Path root) {
    String[] names = {
        "top.txt", "a b/c d.txt", "a b/e+f.bin", "deep/er/est/leaf.dat", "ünïcödé/ß.txt",
        "x/1", "x/2", "x/3/4", "dots.in.name/v1.2.3.tar", "empty.txt"};
    int i = 0;
    for (String n : names) {
      Path p = root.resolve(n);
      try {
        Files.createDirectories(p.getParent());
        Files.write(p, n.equals("empty.txt") ? new byte[0] : TestData.bytes(100 + 997 * i, i));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      i++;
    }
    return digests(root);
  }

  /**
   * Relative path to SHA-256 of every regular file under a root.
   *
   * @param root the root
   * @return sorted map
   */
  public static Map<String, String> digests(Path root) {
    Map<String, String> out = new TreeMap<>();
    try (Stream<Path> s = Files.walk(root)) {
      s.filter(Files::isRegularFile).forEach(p ->
          out.put(root.relativize(p).toString(), sha256(p)));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out;
  }
}
