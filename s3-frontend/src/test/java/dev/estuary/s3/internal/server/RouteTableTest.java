package dev.estuary.s3.internal.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.linecorp.armeria.common.HttpMethod;
import com.linecorp.armeria.common.QueryParams;
import com.linecorp.armeria.common.RequestHeaders;
import dev.estuary.s3.internal.ops.Operation;
import dev.estuary.s3.testing.RouteExpectations;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;

/**
 * The route table, cell by cell, against {@link RouteExpectations}: every method × target ×
 * sub-resource (and parameters shaped like unknown sub-resources) routes to its operation or is
 * refused with NotImplemented or MethodNotAllowed; parameters that are not sub-resources never
 * change the route.
 */
class RouteTableTest {
  /** Parameters that qualify operations; none may select one. */
  static final String NOISE = "x-id=Probe&X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Date=20260101T000000Z"
      + "&response-content-type=text%2Fplain&prefix=&delimiter=%2F&1234567"
      + "&unknown-with-value=1&max-keys=5";

  static final java.util.Map<Operation, dev.estuary.s3.internal.ops.Handler> HANDLERS =
      dev.estuary.s3.internal.ops.Handlers.all();

  static Router.Route route(String method, String target, String query, String... headers) {
    String path = switch (target) {
      case "SERVICE" -> "/";
      case "BUCKET" -> "/b";
      default -> "/b/k";
    };
    com.linecorp.armeria.common.RequestHeadersBuilder h = RequestHeaders.builder(HttpMethod.valueOf(method), path);
    for (int i = 0; i < headers.length; i += 2) {
      h.add(headers[i], headers[i + 1]);
    }
    return Router.route(h.build(), Target.of("h", path, null), QueryParams.fromQueryString(query));
  }

  @Test
  void theTableListsEverySubResourceOfTheS3Api() {
    assertThat(new TreeSet<>(Router.SUB_RESOURCES)).containsExactlyElementsOf(
        new TreeSet<>(RouteExpectations.SUB_RESOURCES.subList(1,
            RouteExpectations.SUB_RESOURCES.size())));
  }

  @Test
  void everyCellRoutesToItsOperationOrIsRefused() {
    SoftAssertions soft = new SoftAssertions();
    List<RouteExpectations.Cell> cells = RouteExpectations.all();
    assertThat(cells).hasSize(3 * 5 * (RouteExpectations.SUB_RESOURCES.size()
        + RouteExpectations.UNKNOWN.size()));
    for (RouteExpectations.Cell c : cells) {
      for (String query : List.of(c.subResource(), c.subResource() + "=",
          c.subResource().isEmpty() ? NOISE : c.subResource() + "&" + NOISE)) {
        Router.Route r = route(c.method(), c.target(), query);
        if (c.refused()) {
          soft.assertThat(r.refusal()).as(c + " " + query).isNotNull();
          if (r.refusal() != null) {
            soft.assertThat(r.refusal().errorCode().code()).as(c + " " + query).isEqualTo(c.code());
            soft.assertThat(r.refusal().errorCode().httpStatus()).as(c + " " + query)
                .isEqualTo(c.status());
          }
          soft.assertThat(r.operation()).as(c + " " + query).isEqualTo(
              c.status() == 405 ? Operation.METHOD_NOT_ALLOWED : Operation.NOT_IMPLEMENTED);
        } else {
          soft.assertThat(r.refusal()).as(c + " " + query).isNull();
          soft.assertThat(r.operation().name()).as(c + " " + query).isEqualTo(c.operation());
          soft.assertThat(HANDLERS).as(c + " has a handler").containsKey(r.operation());
        }
      }
    }
    soft.assertAll();
  }

  @Test
  void operationsSharingACellAreToldApartByParametersAndHeaders() {
    assertThat(route("GET", "BUCKET", "list-type=2&prefix=a").operation())
        .isEqualTo(Operation.LIST_OBJECTS_V2);
    assertThat(route("PUT", "OBJECT", "", "x-amz-copy-source", "/a/b").operation())
        .isEqualTo(Operation.COPY_OBJECT);
    assertThat(route("PUT", "OBJECT", "partNumber=1&uploadId=x").operation())
        .isEqualTo(Operation.UPLOAD_PART);
    assertThat(route("PUT", "OBJECT", "partNumber=1&uploadId=x", "x-amz-copy-source", "/a/b")
        .operation()).isEqualTo(Operation.UPLOAD_PART_COPY);
    // A part number without an upload id finds no upload; it never overwrites the object.
    assertThat(route("PUT", "OBJECT", "partNumber=1").operation())
        .isEqualTo(Operation.UPLOAD_PART);
    assertThat(route("GET", "OBJECT", "partNumber=2").operation())
        .isEqualTo(Operation.GET_OBJECT);
    assertThat(route("POST", "OBJECT", "select&select-type=2").refusal().errorCode().code())
        .isEqualTo("NotImplemented");
    assertThat(route("GET", "BUCKET", "analytics&id=a").refusal().errorCode().code())
        .isEqualTo("NotImplemented");
  }

  @Test
  void twoSubResourcesAtOnceAreRefused() {
    List<String> pairs = new ArrayList<>(List.of("acl&cors", "tagging&uploads", "delete&versioning",
        "uploadId=x&tagging", "uploads&uploadId=x"));
    for (String target : List.of("BUCKET", "OBJECT")) {
      for (String m : RouteExpectations.METHODS) {
        for (String q : pairs) {
          Router.Route r = route(m, target, q);
          assertThat(r.operation()).as(m + " " + target + " " + q)
              .isEqualTo(Operation.NOT_IMPLEMENTED);
          assertThat(r.refusal().getMessage()).contains("at once");
        }
      }
    }
  }

  @Test
  void preflightsAndOtherMethods() {
    for (String sub : List.of("", "cors", "policy", "uploadId=x")) {
      assertThat(route("OPTIONS", "BUCKET", sub).operation()).isEqualTo(Operation.CORS_PREFLIGHT);
      assertThat(route("OPTIONS", "OBJECT", sub).operation()).isEqualTo(Operation.CORS_PREFLIGHT);
    }
    for (String target : RouteExpectations.TARGETS) {
      Router.Route r = route("PATCH", target, "");
      assertThat(r.operation()).isEqualTo(Operation.METHOD_NOT_ALLOWED);
      assertThat(r.refusal().details()).extracting(d -> d.name() + "=" + d.value())
          .containsExactly("Method=PATCH", "ResourceType=" + target);
    }
    assertThat(route("DELETE", "BUCKET", "versioning").refusal().getMessage())
        .isEqualTo("DELETE on a bucket with sub-resource '?versioning': S3 has no such operation"
            + " (expected: GET or PUT)");
    assertThat(route("PUT", "OBJECT", "retention").refusal().getMessage())
        .isEqualTo("PutObjectRetention (PUT on an object with sub-resource '?retention'):"
            + " not implemented by this server");
  }

  @Test
  void versionIdAndPartNumberOnlyWhereTheOperationTakesThem() {
    // Taken: the handlers answer for the version or part.
    for (String q : List.of("versionId=null", "versionId=abc", "partNumber=2")) {
      assertThat(route("GET", "OBJECT", q).refusal()).as(q).isNull();
      assertThat(route("HEAD", "OBJECT", q).refusal()).as(q).isNull();
    }
    assertThat(route("DELETE", "OBJECT", "versionId=abc").refusal()).isNull();
    assertThat(route("PUT", "OBJECT", "uploadId=x&partNumber=2").refusal()).isNull();
    // Tagging answers for the version named (VersioningTest); an ACL has the null version only.
    for (String m : List.of("GET", "PUT", "DELETE")) {
      assertThat(route(m, "OBJECT", "tagging&versionId=abc").refusal()).as(m).isNull();
    }
    assertThat(route("GET", "OBJECT", "acl&versionId=abc").refusal().errorCode().code())
        .isEqualTo("NoSuchVersion");
    // Not taken: refused rather than acting on the whole current object or bucket.
    for (String[] c : new String[][] {{"PUT", "OBJECT", "versionId=abc"},
        {"PUT", "OBJECT", "versionId=null"}, {"DELETE", "OBJECT", "partNumber=1"},
        {"POST", "OBJECT", "uploadId=x&partNumber=1"}, {"DELETE", "BUCKET", "versionId=null"},
        {"PUT", "BUCKET", "partNumber=1"}, {"GET", "BUCKET", "versionId=1"},
        {"PUT", "OBJECT", "tagging&partNumber=1"}, {"DELETE", "OBJECT", "uploadId=x&versionId=v"}}) {
      Router.Route r = route(c[0], c[1], c[2]);
      assertThat(r.refusal()).as(String.join(" ", c)).isNotNull();
      assertThat(r.refusal().errorCode().code()).as(String.join(" ", c))
          .isEqualTo("InvalidArgument");
    }
    assertThat(route("DELETE", "OBJECT", "partNumber=1").refusal().getMessage())
        .isEqualTo("partNumber: '1' (expected: no partNumber on DeleteObject, which takes none)");
  }
}
