package dev.estuary.s3.clients;

import static org.assertj.core.api.Assertions.assertThat;

import dev.estuary.s3.testing.Programs;
import dev.estuary.s3.testing.S3TestServer;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;

/**
 * Access control driven by boto3 as conformance suites drive it: an owner, another user and an
 * unsigned client ({@code signature_version=UNSIGNED}) through bucket and object ACLs (canned and
 * AccessControlPolicy), a policy naming {@code {"AWS": "*"}}, the public access block and the
 * ownership controls. The script is {@code src/test/resources/clients/boto3_access.py}.
 */
class Boto3AccessTest {
  @RegisterExtension static final S3TestServer S3 = new S3TestServer();

  @TempDir Path home;

  @Test
  void aclsPoliciesAndAnonymousClients() throws IOException {
    Path python = Programs.require("/usr/bin/python3", "python3-boto3");
    Path script = home.resolve("boto3_access.py");
    try (InputStream in = Boto3AccessTest.class.getResourceAsStream("/clients/boto3_access.py")) {
      assertThat(in).as("test resource clients/boto3_access.py").isNotNull();
      Files.copy(in, script);
    }
    AwsBasicCredentials alt = S3.addUser("ivan");
    int altUid = S3.users().orElseThrow().principal("ivan").orElseThrow().uid();
    String bucket = S3.createBucket("boto3-access");
    Programs.Result r = Programs.run(home, Map.of(), Duration.ofMinutes(3), python.toString(),
        script.toString(), S3.endpoint().toString(), bucket, S3.credentials().accessKeyId(),
        S3.credentials().secretAccessKey(), alt.accessKeyId(), alt.secretAccessKey(),
        Integer.toUnsignedString(altUid)).ok();
    assertThat(r.stdout().strip()).isEqualTo("OK 20");
  }
}
