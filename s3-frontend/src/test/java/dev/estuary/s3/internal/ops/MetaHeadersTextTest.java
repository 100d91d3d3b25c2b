package dev.estuary.s3.internal.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/** Content-Encoding without aws-chunked; metadata text a header can carry. */
class MetaHeadersTextTest {
  @Test
  void awsChunkedIsDropped() {
    assertThat(MetaHeaders.storedEncoding("gzip, aws-chunked")).isEqualTo("gzip");
    assertThat(MetaHeaders.storedEncoding("aws-chunked,gzip")).isEqualTo("gzip");
    assertThat(MetaHeaders.storedEncoding("AWS-CHUNKED")).isNull();
    assertThat(MetaHeaders.storedEncoding("gzip,br")).isEqualTo("gzip, br");
    assertThat(MetaHeaders.storedEncoding(null)).isNull();
  }

  @Test
  void beyondLatinOneIsAnRfc2047EncodedWord() {
    assertThat(MetaHeaders.headerText("Hello World\u00e9")).isEqualTo("Hello World\u00e9");
    String euro = "5 \u20ac";
    assertThat(MetaHeaders.headerText(euro)).isEqualTo("=?UTF-8?B?"
        + Base64.getEncoder().encodeToString(euro.getBytes(StandardCharsets.UTF_8)) + "?=");
  }
}
