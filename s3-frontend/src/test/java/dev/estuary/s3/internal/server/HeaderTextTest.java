package dev.estuary.s3.internal.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.linecorp.armeria.common.HttpMethod;
import com.linecorp.armeria.common.RequestHeaders;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Header values read as UTF-8 where their bytes are UTF-8, else left as ISO-8859-1 text. */
class HeaderTextTest {
  /** What the server sees for bytes sent: one character per byte. */
  private static String wire(byte[] bytes) {
    return new String(bytes, StandardCharsets.ISO_8859_1);
  }

  @Test
  void utf8BytesBecomeTheirTextLatinOneBytesStay() {
    assertThat(HeaderText.utf8(wire("Hello World\u00e9".getBytes(StandardCharsets.UTF_8))))
        .isEqualTo("Hello World\u00e9");
    assertThat(HeaderText.utf8(wire("\u20ac \u4e2d".getBytes(StandardCharsets.UTF_8))))
        .isEqualTo("\u20ac \u4e2d");
    // 0xE9 alone is no UTF-8: the client sent ISO-8859-1 and signed "é".
    assertThat(HeaderText.utf8(wire("caf\u00e9".getBytes(StandardCharsets.ISO_8859_1))))
        .isEqualTo("caf\u00e9");
    String ascii = "plain";
    assertThat(HeaderText.utf8(ascii)).isSameAs(ascii);
  }

  @Test
  void onlyChangedHeadersAreRewrittenInOrder() {
    RequestHeaders h = RequestHeaders.builder(HttpMethod.PUT, "/b/k")
        .add("x-amz-meta-a", wire("\u00fc".getBytes(StandardCharsets.UTF_8)))
        .add("x-amz-meta-a", "second")
        .add("x-amz-date", "20261207T000000Z").build();
    RequestHeaders d = HeaderText.decodeUtf8(h);
    assertThat(d.getAll("x-amz-meta-a")).containsExactly("\u00fc", "second");
    assertThat(d.get("x-amz-date")).isEqualTo("20261207T000000Z");
    assertThat(d.path()).isEqualTo("/b/k");
    RequestHeaders plain = RequestHeaders.builder(HttpMethod.GET, "/").add("a", "b").build();
    assertThat(HeaderText.decodeUtf8(plain)).isSameAs(plain);
  }
}
