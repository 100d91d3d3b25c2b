package dev.estuary.node.internal.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import org.jspecify.annotations.Nullable;

/**
 * {@code <stateDirectory>/agent.json}: where a running agent's admin API is and its bearer token,
 * readable by its owner only (the frontends never see the state directory itself, only its
 * {@code socket} subdirectory and their own).
 *
 * @param bind the API's address
 * @param port the API's port
 * @param token the bearer token
 * @param pid the agent's process id
 */
public record AgentFile(String bind, int port, String token, long pid) {
  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * Returns the file's path.
   *
   * @param stateDirectory the node's state directory
   * @return {@code <stateDirectory>/agent.json}
   */
  public static Path path(Path stateDirectory) {
    return stateDirectory.resolve("agent.json");
  }

  /**
   * Writes the file atomically with mode 0600.
   *
   * @param stateDirectory the node's state directory
   */
  public void write(Path stateDirectory) {
    try {
      Files.createDirectories(stateDirectory);
      Path tmp = Files.createTempFile(stateDirectory, "agent", ".tmp",
          PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      Files.write(tmp, JSON.writeValueAsBytes(this));
      Files.move(tmp, path(stateDirectory), StandardCopyOption.ATOMIC_MOVE,
          StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new UncheckedIOException("agent: cannot write " + path(stateDirectory) + " ("
          + e.getMessage() + ")", e);
    }
  }

  /**
   * Reads the file.
   *
   * @param stateDirectory the node's state directory
   * @return its content, or null when no agent wrote one
   */
  public static @Nullable AgentFile read(Path stateDirectory) {
    Path p = path(stateDirectory);
    if (!Files.exists(p)) {
      return null;
    }
    try {
      return JSON.readValue(p.toFile(), AgentFile.class);
    } catch (IOException e) {
      throw new UncheckedIOException(p + ": unreadable (" + e.getMessage() + ")", e);
    }
  }

  /**
   * Returns the base URL of the API.
   *
   * @return {@code http://host:port}
   */
  public String url() {
    String host = bind.equals("0.0.0.0") ? "127.0.0.1" : bind.equals("::") ? "[::1]"
        : bind.contains(":") ? "[" + bind + "]" : bind;
    return "http://" + host + ":" + port;
  }
}
