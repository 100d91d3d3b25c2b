package dev.estuary.s3.internal.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.linecorp.armeria.common.HttpMethod;
import com.linecorp.armeria.common.QueryParams;
import com.linecorp.armeria.common.RequestHeaders;
import dev.estuary.s3.internal.error.S3Exception;
import dev.estuary.s3.internal.ops.Operation;
import org.junit.jupiter.api.Test;

class TargetAndRouterTest {
  @Test
  void pathStyleKeepsEveryByteOfTheKey() {
    assertThat(Target.of("localhost:9000", "/", null)).isEqualTo(new Target(null, null));
    assertThat(Target.of("localhost:9000", "/b", null)).isEqualTo(new Target("b", null));
    assertThat(Target.of("localhost:9000", "/b/", null)).isEqualTo(new Target("b", null));
    assertThat(Target.of("h", "/b/a//c%2Fd%20e+f", null)).isEqualTo(new Target("b", "a//c/d e+f"));
    assertThat(Target.of("h", "/b/%C3%A4", null).key()).isEqualTo("ä");
    assertThatThrownBy(() -> Target.of("h", "/b/%C3", null)).isInstanceOf(S3Exception.class);
  }

  @Test
  void virtualHostStyleTakesTheBucketFromTheHost() {
    assertThat(Target.of("photos.s3.example.com:9000", "/a/b.jpg", "s3.example.com"))
        .isEqualTo(new Target("photos", "a/b.jpg"));
    assertThat(Target.of("photos.s3.example.com", "/", "s3.example.com"))
        .isEqualTo(new Target("photos", null));
    // The domain itself and other hosts are path style.
    assertThat(Target.of("s3.example.com", "/photos/x", "s3.example.com"))
        .isEqualTo(new Target("photos", "x"));
    assertThat(Target.of("127.0.0.1:9000", "/photos/x", "s3.example.com"))
        .isEqualTo(new Target("photos", "x"));
  }

  static Operation route(HttpMethod m, String path, String query, String... headers) {
    RequestHeaders h = RequestHeaders.builder(m, path).add(
        java.util.stream.IntStream.range(0, headers.length / 2)
            .mapToObj(i -> java.util.Map.entry(headers[2 * i], headers[2 * i + 1])).toList())
        .build();
    return Router.route(h, Target.of("h", path, null), QueryParams.fromQueryString(query))
        .operation();
  }

  @Test
  void routesBySubResource() {
    assertThat(route(HttpMethod.GET, "/", "")).isEqualTo(Operation.LIST_BUCKETS);
    assertThat(route(HttpMethod.PUT, "/b", "")).isEqualTo(Operation.CREATE_BUCKET);
    assertThat(route(HttpMethod.GET, "/b", "list-type=2")).isEqualTo(Operation.LIST_OBJECTS_V2);
    assertThat(route(HttpMethod.GET, "/b", "")).isEqualTo(Operation.LIST_OBJECTS);
    assertThat(route(HttpMethod.GET, "/b", "location")).isEqualTo(Operation.GET_BUCKET_LOCATION);
    assertThat(route(HttpMethod.GET, "/b", "uploads")).isEqualTo(Operation.LIST_MULTIPART_UPLOADS);
    assertThat(route(HttpMethod.GET, "/b", "acl")).isEqualTo(Operation.GET_BUCKET_ACL);
    assertThat(route(HttpMethod.PUT, "/b", "acl")).isEqualTo(Operation.PUT_BUCKET_ACL);
    assertThat(route(HttpMethod.DELETE, "/b", "acl")).isEqualTo(Operation.METHOD_NOT_ALLOWED);
    assertThat(route(HttpMethod.GET, "/b", "versions")).isEqualTo(Operation.LIST_OBJECT_VERSIONS);
    assertThat(route(HttpMethod.GET, "/b", "policy")).isEqualTo(Operation.GET_BUCKET_POLICY);
    assertThat(route(HttpMethod.GET, "/b", "logging")).isEqualTo(Operation.NOT_IMPLEMENTED);
    assertThat(route(HttpMethod.POST, "/b", "delete")).isEqualTo(Operation.DELETE_OBJECTS);
    assertThat(route(HttpMethod.PUT, "/b/k", "")).isEqualTo(Operation.PUT_OBJECT);
    assertThat(route(HttpMethod.PUT, "/b/k", "", "x-amz-copy-source", "/a/b"))
        .isEqualTo(Operation.COPY_OBJECT);
    assertThat(route(HttpMethod.PUT, "/b/k", "partNumber=1&uploadId=x"))
        .isEqualTo(Operation.UPLOAD_PART);
    assertThat(route(HttpMethod.PUT, "/b/k", "partNumber=1&uploadId=x", "x-amz-copy-source", "/a/b"))
        .isEqualTo(Operation.UPLOAD_PART_COPY);
    assertThat(route(HttpMethod.POST, "/b/k", "uploads")).isEqualTo(Operation.CREATE_MULTIPART_UPLOAD);
    assertThat(route(HttpMethod.POST, "/b/k", "uploadId=x"))
        .isEqualTo(Operation.COMPLETE_MULTIPART_UPLOAD);
    assertThat(route(HttpMethod.DELETE, "/b/k", "uploadId=x"))
        .isEqualTo(Operation.ABORT_MULTIPART_UPLOAD);
    assertThat(route(HttpMethod.GET, "/b/k", "uploadId=x")).isEqualTo(Operation.LIST_PARTS);
    assertThat(route(HttpMethod.GET, "/b/k", "tagging")).isEqualTo(Operation.GET_OBJECT_TAGGING);
    assertThat(route(HttpMethod.GET, "/b/k", "acl")).isEqualTo(Operation.GET_OBJECT_ACL);
    assertThat(route(HttpMethod.PUT, "/b/k", "acl")).isEqualTo(Operation.PUT_OBJECT_ACL);
    assertThat(route(HttpMethod.OPTIONS, "/b/k", "")).isEqualTo(Operation.CORS_PREFLIGHT);
    assertThat(route(HttpMethod.GET, "/b/k", "X-Amz-Algorithm=AWS4-HMAC-SHA256"))
        .isEqualTo(Operation.GET_OBJECT);
  }
}
