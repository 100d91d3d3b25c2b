package dev.estuary.s3.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Debian's rclone ({@code /usr/bin/rclone}) set up for a test server: a remote {@code est} of type s3
 * (provider Other, path-style, region us-east-1) in its own config file under a private home, one
 * attempt per call (a refused request fails at once instead of being retried).
 */
public final class Rclone {
  private final Path home;
  private final Path config;

  private Rclone(Path home, Path config) {
    this.home = home;
    this.config = config;
  }

  /**
   * Writes the config for the server's default credentials.
   *
   * @param s3 the server
   * @param home the private home the config goes to (and rclone runs in)
   * @return the configured rclone
   * @throws IOException if the file cannot be written
   */
  public static Rclone configure(S3TestServer s3, Path home) throws IOException {
    Programs.require("/usr/bin/rclone", "rclone");
    Path config = home.resolve("rclone.conf");
    Files.writeString(config, "[est]\n"
        + "type = s3\n"
        + "provider = Other\n"
        + "access_key_id = " + s3.credentials().accessKeyId() + "\n"
        + "secret_access_key = " + s3.credentials().secretAccessKey() + "\n"
        + "endpoint = " + s3.endpoint() + "\n"
        + "region = us-east-1\n"
        + "force_path_style = true\n");
    return new Rclone(home, config);
  }

  /**
   * Runs {@code rclone --config <file> --retries 1 --low-level-retries 1 <args>}.
   *
   * @param args the command, e.g. {@code copy}, a local path and {@code est:bucket}
   * @return its result
   */
  public Programs.Result run(String... args) {
    List<String> cmd = new ArrayList<>(List.of("/usr/bin/rclone", "--config", config.toString(),
        "--retries", "1", "--low-level-retries", "1"));
    cmd.addAll(List.of(args));
    return Programs.run(home, Map.of(), Duration.ofMinutes(3), cmd.toArray(String[]::new));
  }
}
