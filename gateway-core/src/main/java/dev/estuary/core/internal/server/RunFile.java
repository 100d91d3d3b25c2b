package dev.estuary.core.internal.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.estuary.core.internal.identity.SecureFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * {@code <data>/run/admin.json}: how the CLI reaches a running server's admin API. Written (0600)
 * once the server is up, removed on stop. The token in it is random per start.
 *
 * @param host the address the admin endpoint listens on
 * @param port the admin port
 * @param token the bearer token of the admin API
 * @param pid the server's process id
 * @param tlsFingerprint the SHA-256 fingerprint of the admin port's TLS certificate ({@link
 *     dev.estuary.core.ServerTls#fingerprint()}), or empty when it speaks plain HTTP; the CLI
 *     trusts exactly that certificate
 */
public record RunFile(String host, int port, String token, long pid, String tlsFingerprint) {
  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * Returns the file's location.
   *
   * @param data the data directory
   * @return {@code <data>/run/admin.json}
   */
  public static Path path(DataDirectory data) {
    return data.run().resolve("admin.json");
  }

  /**
   * Writes the file atomically with mode 0600.
   *
   * @param data the data directory
   * @throws IOException on failure
   */
  public void write(DataDirectory data) throws IOException {
    SecureFiles.writeAtomically(path(data), JSON.writeValueAsBytes(this));
  }

  /**
   * Reads the file of a data directory.
   *
   * @param data the data directory
   * @return the content, or empty if there is no (readable, well-formed) file
   */
  public static Optional<RunFile> read(DataDirectory data) {
    try {
      JsonNode n = JSON.readTree(Files.readAllBytes(path(data)));
      return Optional.of(new RunFile(n.path("host").asText("127.0.0.1"), n.path("port").asInt(),
          n.path("token").asText(), n.path("pid").asLong(), n.path("tlsFingerprint").asText("")));
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  /**
   * Removes the file if it is there.
   *
   * @param data the data directory
   */
  public static void delete(DataDirectory data) {
    try {
      Files.deleteIfExists(path(data));
    } catch (IOException ignored) {
      // A stale file is harmless: the CLI checks that the port answers with the token.
    }
  }

  @Override
  public String toString() {
    return "RunFile[host=" + host + ", port=" + port + ", token=<redacted>, pid=" + pid
        + ", tlsFingerprint=" + tlsFingerprint + "]";
  }
}
