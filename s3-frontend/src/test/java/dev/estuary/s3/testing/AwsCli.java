package dev.estuary.s3.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Debian's aws CLI ({@code /usr/bin/aws}, package awscli) set up for a test server: its own config
 * and credentials files under a private home (region us-east-1, path-style addressing), one attempt
 * per call (a refused request fails at once instead of being retried) and no pager.
 */
public final class AwsCli {
  private final Path home;
  private final Map<String, String> env;
  private final String endpoint;

  private AwsCli(Path home, Map<String, String> env, String endpoint) {
    this.home = home;
    this.env = env;
    this.endpoint = endpoint;
  }

  /**
   * Writes the CLI's files for the server's default credentials.
   *
   * @param s3 the server
   * @param home the private home the files go to (and the CLI runs in)
   * @return the configured CLI
   * @throws IOException if the files cannot be written
   */
  public static AwsCli configure(S3TestServer s3, Path home) throws IOException {
    Programs.require("/usr/bin/aws", "awscli");
    Path config = home.resolve("aws-config");
    Files.writeString(config, """
        [default]
        region = us-east-1
        s3 =
            addressing_style = path
        """);
    Path credentials = home.resolve("aws-credentials");
    Files.writeString(credentials, "[default]\naws_access_key_id = "
        + s3.credentials().accessKeyId() + "\naws_secret_access_key = "
        + s3.credentials().secretAccessKey() + "\n");
    return new AwsCli(home, Map.of("AWS_CONFIG_FILE", config.toString(),
        "AWS_SHARED_CREDENTIALS_FILE", credentials.toString(),
        "AWS_MAX_ATTEMPTS", "1",
        "AWS_PAGER", ""), s3.endpoint().toString());
  }

  /**
   * Returns the environment the CLI runs with (its config and credentials files).
   *
   * @return the variables
   */
  public Map<String, String> env() {
    return env;
  }

  /**
   * Runs {@code aws --endpoint-url <server> --no-cli-pager <args>}.
   *
   * @param timeout how long it may take
   * @param args the command, e.g. {@code s3api}, {@code get-object}, ...
   * @return its result
   */
  public Programs.Result run(Duration timeout, String... args) {
    List<String> cmd = new ArrayList<>(List.of("/usr/bin/aws", "--endpoint-url", endpoint,
        "--no-cli-pager"));
    cmd.addAll(List.of(args));
    return Programs.run(home, env, timeout, cmd.toArray(String[]::new));
  }
}
