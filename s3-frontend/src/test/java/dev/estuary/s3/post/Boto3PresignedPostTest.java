package dev.estuary.s3.post;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.estuary.s3.testing.Programs;
import dev.estuary.s3.testing.S3TestServer;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Forms made by a real client: boto3's {@code generate_presigned_post} with its defaults (the
 * SigV2 form here) and with {@code signature_version='s3v4'} (the SigV4 form), each posted by
 * curl as a browser would send the form, then a file too large for the policy's range.
 */
class Boto3PresignedPostTest {
  @RegisterExtension static final S3TestServer S3 = new S3TestServer();

  @TempDir Path home;

  @Test
  void boto3PresignedPostFormsUpload() throws Exception {
    Path python = Programs.require("/usr/bin/python3", "python3-boto3");
    Programs.require("/usr/bin/curl", "curl");
    Path script = home.resolve("boto3_presigned_post.py");
    try (InputStream in = getClass().getResourceAsStream("/clients/boto3_presigned_post.py")) {
      assertThat(in).as("test resource clients/boto3_presigned_post.py").isNotNull();
      Files.copy(in, script);
    }
    String bucket = S3.createBucket("boto3-post");
    List<String> lines = Programs.run(home, Map.of(), Duration.ofMinutes(1), python.toString(),
        script.toString(), S3.endpoint().toString(), bucket, S3.credentials().accessKeyId(),
        S3.credentials().secretAccessKey()).ok().stdout().strip().lines().toList();
    assertThat(lines).hasSize(2);
    Path file = home.resolve("note.txt");
    Files.writeString(file, "from a browser form");
    Path tooBig = home.resolve("big.txt");
    Files.writeString(tooBig, "x".repeat(2000));
    JsonMapper json = new JsonMapper();
    for (int i = 0; i < 2; i++) {
      String prefix = i == 0 ? "default" : "v4";
      JsonNode post = json.readTree(lines.get(i));
      JsonNode fields = post.get("fields");
      if (i == 0) {
        assertThat(fields.has("AWSAccessKeyId")).as("boto3's default form is SigV2").isTrue();
      } else {
        assertThat(fields.get("x-amz-algorithm").asText()).isEqualTo("AWS4-HMAC-SHA256");
      }
      assertThat(curlPost(post, file)).as(prefix).isEqualTo("204");
      var got = S3.client().getObjectAsBytes(b -> b.bucket(bucket).key(prefix + "/note.txt"));
      assertThat(got.asUtf8String()).isEqualTo("from a browser form");
      assertThat(got.response().contentType()).isEqualTo("text/plain");
      assertThat(got.response().metadata()).containsEntry("origin", "browser");

      assertThat(curlPost(post, tooBig)).as(prefix + " over content-length-range").isEqualTo("400");
      assertThat(S3.client().listObjectsV2(b -> b.bucket(bucket).prefix(prefix + "/big"))
          .keyCount()).isZero();
    }
  }

  private String curlPost(JsonNode post, Path file) {
    List<String> cmd = new ArrayList<>(List.of("/usr/bin/curl", "-sS", "-o", "/dev/null", "-w",
        "%{http_code}"));
    post.get("fields").properties().forEach(e -> {
      cmd.add("--form-string");
      cmd.add(e.getKey() + "=" + e.getValue().asText());
    });
    cmd.add("-F");
    cmd.add("file=@" + file);
    cmd.add(post.get("url").asText());
    return Programs.run(home, Map.of(), Duration.ofMinutes(1), cmd.toArray(String[]::new)).ok()
        .stdout().strip();
  }
}
