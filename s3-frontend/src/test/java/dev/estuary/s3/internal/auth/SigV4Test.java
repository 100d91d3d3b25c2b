package dev.estuary.s3.internal.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class SigV4Test {
  @Test
  void canonicalUriEncodesEachByteOnceAndKeepsSlashes() {
    assertThat(SigV4.canonicalUri("")).isEqualTo("/");
    assertThat(SigV4.canonicalUri("/b/a b/c~d")).isEqualTo("/b/a%20b/c~d");
    assertThat(SigV4.canonicalUri("/b/a%20b")).isEqualTo("/b/a%20b");
    assertThat(SigV4.canonicalUri("/b/a+b")).isEqualTo("/b/a%2Bb");
    assertThat(SigV4.canonicalUri("/b/a%2Fb//c/../d")).isEqualTo("/b/a/b//c/../d");
    assertThat(SigV4.canonicalUri("/b/%E2%82%AC")).isEqualTo("/b/%E2%82%AC");
    assertThat(SigV4.canonicalUri("/b/\u20ac")).isEqualTo("/b/%E2%82%AC");
    assertThat(SigV4.canonicalUri("/b/%zz")).isEqualTo("/b/%25zz");
  }

  @Test
  void canonicalQuerySortsAndGivesEmptyValues() {
    assertThat(SigV4.canonicalQuery("uploads", null)).isEqualTo("uploads=");
    assertThat(SigV4.canonicalQuery("prefix=a b&delimiter=%2F&acl&a=2&a=1", null))
        .isEqualTo("a=1&a=2&acl=&delimiter=%2F&prefix=a%20b");
    assertThat(SigV4.canonicalQuery("prefix=a+b", null)).isEqualTo("prefix=a%20b");
    assertThat(SigV4.canonicalQuery("X-Amz-Signature=x&b=1", "X-Amz-Signature")).isEqualTo("b=1");
    assertThat(SigV4.queryParams("X-Amz-Credential=a%2Fb&e")).containsEntry("X-Amz-Credential", "a/b").containsEntry("e", "");
  }

  @Test
  void headerValuesAreTrimmedAndCollapsed() {
    assertThat(SigV4.canonicalHeaderValue(List.of("  a   b  c "))).isEqualTo("a b c");
    assertThat(SigV4.canonicalHeaderValue(List.of("x", " y "))).isEqualTo("x,y");
  }

  @Test
  void signingKeyOfTheIamExample() {
    // AWS General Reference, "Examples of how to derive a signing key for Signature Version 4".
    byte[] k = SigV4.signingKey("wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", "20120215", "us-east-1", "iam");
    assertThat(SigV4.hex(k)).isEqualTo("f4780e2d9f65fa895f9c67b32ce1baf0b0d8a43505a000a1a9e090d414db404d");
    assertThat(SigV4.sha256Hex("".getBytes(StandardCharsets.UTF_8))).isEqualTo(SigV4.EMPTY_SHA256);
  }

  @Test
  void signatureComparison() {
    assertThat(SigV4.signaturesEqual("abcd", "ABCD")).isTrue();
    assertThat(SigV4.signaturesEqual("abcd", "abce")).isFalse();
    assertThat(SigV4.signaturesEqual("abcd", "abc")).isFalse();
  }
}
