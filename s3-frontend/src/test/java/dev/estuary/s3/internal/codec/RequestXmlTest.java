package dev.estuary.s3.internal.codec;

import static dev.estuary.s3.internal.error.S3Assertions.assertCode;
import static org.assertj.core.api.Assertions.assertThat;

import dev.estuary.s3.internal.checksum.ChecksumAlgorithm;
import dev.estuary.s3.internal.error.S3ErrorCode;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/** Golden request bodies (as the S3 API Reference and the SDKs write them) and hostile ones. */
class RequestXmlTest {
  private static final String NS = " xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\"";

  private static byte[] b(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void completeMultipartUpload() {
    for (String ns : List.of(NS, "")) {
      var r = CompleteMultipartUploadRequest.parse(b("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
          + "<CompleteMultipartUpload" + ns + ">\n  <Part>\n    <ETag>\"a54357aff0632cce46d942af68356b38\"</ETag>\n"
          + "    <PartNumber>1</PartNumber>\n    <ChecksumCRC32>DUoRhQ==</ChecksumCRC32>\n  </Part>\n"
          + "  <Part><PartNumber>2</PartNumber><ETag>&quot;0c78aef83f66abc1fa1e8477f296d394&quot;</ETag></Part>\n"
          + "</CompleteMultipartUpload>"));
      assertThat(r.parts()).containsExactly(
          new CompleteMultipartUploadRequest.Part(1, "a54357aff0632cce46d942af68356b38", Map.of(ChecksumAlgorithm.CRC32, "DUoRhQ==")),
          new CompleteMultipartUploadRequest.Part(2, "0c78aef83f66abc1fa1e8477f296d394", Map.of()));
      r.requireAscending();
    }
    var unordered = CompleteMultipartUploadRequest.parse(b("<CompleteMultipartUpload><Part><PartNumber>2</PartNumber><ETag>x</ETag></Part>"
        + "<Part><PartNumber>1</PartNumber><ETag>y</ETag></Part></CompleteMultipartUpload>"));
    assertCode(unordered::requireAscending, S3ErrorCode.INVALID_PART_ORDER);
    assertCode(() -> CompleteMultipartUploadRequest.parse(b("<CompleteMultipartUpload" + NS + "/>")), S3ErrorCode.MALFORMED_XML);
    assertCode(() -> CompleteMultipartUploadRequest.parse(b("<CompleteMultipartUpload><Part><PartNumber>x</PartNumber><ETag>y</ETag></Part></CompleteMultipartUpload>")),
        S3ErrorCode.MALFORMED_XML);
    assertCode(() -> CompleteMultipartUploadRequest.parse(b("<CompleteMultipartUpload><Part><PartNumber>10001</PartNumber><ETag>y</ETag></Part></CompleteMultipartUpload>")),
        S3ErrorCode.INVALID_ARGUMENT);
    assertCode(() -> CompleteMultipartUploadRequest.parse(b("<CompleteMultipartUpload><Part><PartNumber>1</PartNumber></Part></CompleteMultipartUpload>")),
        S3ErrorCode.MALFORMED_XML);
    assertCode(() -> CompleteMultipartUploadRequest.parse(b("<CompleteMultipartUpload><Part><PartNumber>1</PartNumber><PartNumber>2</PartNumber><ETag>y</ETag></Part></CompleteMultipartUpload>")),
        S3ErrorCode.MALFORMED_XML);
    assertCode(() -> CompleteMultipartUploadRequest.parse(b("<Delete><Part/></Delete>")), S3ErrorCode.MALFORMED_XML);
  }

  @Test
  void deleteObjects() {
    var d = DeleteObjectsRequest.parse(b("<?xml version=\"1.0\" encoding=\"UTF-8\"?><Delete" + NS + "><Object><Key>a/b c&amp;d</Key></Object>"
        + "<Object><Key>e</Key><VersionId>v1</VersionId><ETag>\"x\"</ETag></Object><Quiet>true</Quiet></Delete>"));
    assertThat(d.quiet()).isTrue();
    assertThat(d.objects()).containsExactly(
        new DeleteObjectsRequest.ObjectIdentifier("a/b c&d", Optional.empty(), Optional.empty()),
        new DeleteObjectsRequest.ObjectIdentifier("e", Optional.of("v1"), Optional.of("x")));
    assertThat(DeleteObjectsRequest.parse(b("<Delete><Object><Key> k </Key></Object></Delete>")).objects().getFirst().key())
        .isEqualTo(" k ");
    StringBuilder many = new StringBuilder("<Delete>");
    for (int i = 0; i < 1001; i++) {
      many.append("<Object><Key>k").append(i).append("</Key></Object>");
    }
    assertCode(() -> DeleteObjectsRequest.parse(b(many + "</Delete>")), S3ErrorCode.MALFORMED_XML);
    assertThat(DeleteObjectsRequest.parse(b(many.substring(0, many.lastIndexOf("<Object>")) + "</Delete>")).objects()).hasSize(1000);
    assertCode(() -> DeleteObjectsRequest.parse(b("<Delete><Quiet>yes</Quiet><Object><Key>k</Key></Object></Delete>")), S3ErrorCode.MALFORMED_XML);
    assertCode(() -> DeleteObjectsRequest.parse(b("<Delete></Delete>")), S3ErrorCode.MALFORMED_XML);
    assertCode(() -> DeleteObjectsRequest.parse(b("<Delete><Object><Key></Key></Object></Delete>")), S3ErrorCode.MALFORMED_XML);
  }

  @Test
  void tagging() {
    var t = Tagging.parse(b("<Tagging" + NS + "><TagSet><Tag><Key>project</Key><Value>estuary 1</Value></Tag>"
        + "<Tag><Key>empty</Key><Value></Value></Tag></TagSet></Tagging>"), Tagging.MAX_OBJECT_TAGS);
    assertThat(t.tags()).containsExactly(new Tagging.Tag("project", "estuary 1"), new Tagging.Tag("empty", ""));
    assertThat(Tagging.parse(b("<Tagging><TagSet/></Tagging>"), 10).tags()).isEmpty();
    StringBuilder eleven = new StringBuilder("<Tagging><TagSet>");
    for (int i = 0; i < 11; i++) {
      eleven.append("<Tag><Key>k").append(i).append("</Key><Value>v</Value></Tag>");
    }
    eleven.append("</TagSet></Tagging>");
    assertCode(() -> Tagging.parse(b(eleven.toString()), Tagging.MAX_OBJECT_TAGS), S3ErrorCode.INVALID_TAG);
    assertThat(Tagging.parse(b(eleven.toString()), Tagging.MAX_BUCKET_TAGS).tags()).hasSize(11);
    assertCode(() -> Tagging.parse(b(tag("k", "a") .replace("</TagSet>", "<Tag><Key>k</Key><Value>b</Value></Tag></TagSet>")), 10),
        S3ErrorCode.INVALID_TAG);
    assertThat(Tagging.parse(b(tag("é".repeat(128), "v".repeat(256))), 10).tags()).hasSize(1);
    assertCode(() -> Tagging.parse(b(tag("k".repeat(129), "v")), 10), S3ErrorCode.INVALID_TAG);
    assertCode(() -> Tagging.parse(b(tag("k", "v".repeat(257))), 10), S3ErrorCode.INVALID_TAG);
    assertCode(() -> Tagging.parse(b(tag("", "v")), 10), S3ErrorCode.INVALID_TAG);
    assertCode(() -> Tagging.parse(b(tag("a*b", "v")), 10), S3ErrorCode.INVALID_TAG);
    assertCode(() -> Tagging.parse(b(tag("aws:x", "v")), 10), S3ErrorCode.INVALID_TAG);
    assertCode(() -> Tagging.parse(b("<Tagging><Tag/></Tagging>"), 10), S3ErrorCode.MALFORMED_XML);

    assertThat(Tagging.fromHeader("a=1&b%20c=d%2Fe&e=").tags())
        .containsExactly(new Tagging.Tag("a", "1"), new Tagging.Tag("b c", "d/e"), new Tagging.Tag("e", ""));
    assertThat(Tagging.fromHeader("").tags()).isEmpty();
    assertCode(() -> Tagging.fromHeader("a=1&a=2"), S3ErrorCode.INVALID_TAG);
    assertCode(() -> Tagging.fromHeader("a=%zz"), S3ErrorCode.INVALID_ARGUMENT);
  }

  private static String tag(String k, String v) {
    return "<Tagging><TagSet><Tag><Key>" + k + "</Key><Value>" + v + "</Value></Tag></TagSet></Tagging>";
  }

  @Test
  void cors() {
    var c = CorsConfiguration.parse(b("<CORSConfiguration" + NS + "><CORSRule><ID>r1</ID>"
        + "<AllowedOrigin>https://*.example.com</AllowedOrigin><AllowedMethod>GET</AllowedMethod><AllowedMethod>PUT</AllowedMethod>"
        + "<AllowedHeader>x-amz-*</AllowedHeader><ExposeHeader>ETag</ExposeHeader><MaxAgeSeconds>3000</MaxAgeSeconds></CORSRule>"
        + "<CORSRule><AllowedOrigin>*</AllowedOrigin><AllowedMethod>HEAD</AllowedMethod></CORSRule></CORSConfiguration>"));
    assertThat(c.rules()).hasSize(2);
    var r1 = c.rules().getFirst();
    assertThat(r1).isEqualTo(new CorsConfiguration.CorsRule(Optional.of("r1"), List.of("https://*.example.com"),
        List.of("GET", "PUT"), List.of("x-amz-*"), List.of("ETag"), OptionalInt.of(3000)));
    assertThat(c.match("https://app.example.com", "PUT", List.of("X-Amz-Date", "x-amz-meta-a"))).contains(r1);
    assertThat(c.match("https://app.example.com", "PUT", List.of("authorization"))).isEmpty();
    assertThat(c.match("http://other", "HEAD", List.of())).contains(c.rules().get(1));
    assertThat(c.match("http://other", "GET", List.of())).isEmpty();
    assertCode(() -> CorsConfiguration.parse(b("<CORSConfiguration><CORSRule><AllowedOrigin>*</AllowedOrigin>"
        + "<AllowedMethod>PATCH</AllowedMethod></CORSRule></CORSConfiguration>")), S3ErrorCode.INVALID_REQUEST);
    assertCode(() -> CorsConfiguration.parse(b("<CORSConfiguration><CORSRule><AllowedOrigin>*.*</AllowedOrigin>"
        + "<AllowedMethod>GET</AllowedMethod></CORSRule></CORSConfiguration>")), S3ErrorCode.INVALID_REQUEST);
    assertCode(() -> CorsConfiguration.parse(b("<CORSConfiguration><CORSRule><AllowedMethod>GET</AllowedMethod></CORSRule></CORSConfiguration>")),
        S3ErrorCode.MALFORMED_XML);
    assertCode(() -> CorsConfiguration.parse(b("<CORSConfiguration/>")), S3ErrorCode.MALFORMED_XML);
    StringBuilder many = new StringBuilder("<CORSConfiguration>");
    for (int i = 0; i < 101; i++) {
      many.append("<CORSRule><AllowedOrigin>*</AllowedOrigin><AllowedMethod>GET</AllowedMethod></CORSRule>");
    }
    assertCode(() -> CorsConfiguration.parse(b(many + "</CORSConfiguration>")), S3ErrorCode.MALFORMED_XML);
  }

  @Test
  void createBucketConfiguration() {
    assertThat(CreateBucketConfiguration.parse(new byte[0]).locationConstraint()).isEmpty();
    assertThat(CreateBucketConfiguration.parse(b("<CreateBucketConfiguration" + NS
        + "><LocationConstraint>eu-west-1</LocationConstraint></CreateBucketConfiguration>")).locationConstraint()).contains("eu-west-1");
    assertThat(CreateBucketConfiguration.parse(b("<CreateBucketConfiguration/>")).locationConstraint()).isEmpty();
    assertCode(() -> CreateBucketConfiguration.parse(b("<CreateBucketConfiguration>")), S3ErrorCode.MALFORMED_XML);
  }

  @Test
  void hostileDocuments() {
    // External entity (XXE): refused, and the file is never read.
    assertCode(() -> DeleteObjectsRequest.parse(b("<?xml version=\"1.0\"?><!DOCTYPE d [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>"
        + "<Delete><Object><Key>&x;</Key></Object></Delete>")), S3ErrorCode.MALFORMED_XML);
    // Entity expansion ("billion laughs").
    assertCode(() -> DeleteObjectsRequest.parse(b("<?xml version=\"1.0\"?><!DOCTYPE d [<!ENTITY a \"aaaaaaaaaa\">"
        + "<!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\">]><Delete><Object><Key>&b;</Key></Object></Delete>")), S3ErrorCode.MALFORMED_XML);
    assertCode(() -> DeleteObjectsRequest.parse(b("<Delete><Object><Key>k</Key></Object>")), S3ErrorCode.MALFORMED_XML);
    assertCode(() -> DeleteObjectsRequest.parse(b("not xml")), S3ErrorCode.MALFORMED_XML);
    assertCode(() -> DeleteObjectsRequest.parse(new byte[0]), S3ErrorCode.MALFORMED_XML);
    assertCode(() -> DeleteObjectsRequest.parse(b("<Delete xmlns=\"urn:other\"><Object><Key>k</Key></Object></Delete>")), S3ErrorCode.MALFORMED_XML);
    assertCode(() -> DeleteObjectsRequest.parse(new byte[DeleteObjectsRequest.MAX_BYTES + 1]), S3ErrorCode.MALFORMED_XML);
    assertCode(() -> DeleteObjectsRequest.parse(b("<Delete>" + "<a>".repeat(40) + "</a>".repeat(40) + "</Delete>")), S3ErrorCode.MALFORMED_XML);
    // Standard character references are fine.
    assertThat(DeleteObjectsRequest.parse(b("<Delete><Object><Key>&lt;&#x41;&#66;<![CDATA[&]]></Key></Object></Delete>"))
        .objects().getFirst().key()).isEqualTo("<AB&");
  }
}
