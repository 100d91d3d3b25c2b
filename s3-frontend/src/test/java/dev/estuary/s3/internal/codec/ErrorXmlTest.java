package dev.estuary.s3.internal.codec;

import static org.assertj.core.api.Assertions.assertThat;

import dev.estuary.s3.internal.error.S3ErrorCode;
import dev.estuary.s3.internal.error.S3Exception;
import java.io.ByteArrayInputStream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;

class ErrorXmlTest {
  @Test
  void golden() {
    S3Exception e = S3ErrorCode.NO_SUCH_KEY.exception().withDetail("Key", "a/b.txt").withResource("/bkt/a/b.txt");
    assertThat(ErrorXml.toXml(e, "4442587FB7D0A2F9", "host1"))
        .isEqualTo("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>NoSuchKey</Code>"
            + "<Message>The specified key does not exist.</Message><Key>a/b.txt</Key>"
            + "<Resource>/bkt/a/b.txt</Resource><RequestId>4442587FB7D0A2F9</RequestId>"
            + "<HostId>host1</HostId></Error>");
  }

  @Test
  void optionalElementsAreOmitted() {
    assertThat(ErrorXml.toXml(S3ErrorCode.INTERNAL_ERROR.exception("boom"), null, null))
        .endsWith("<Error><Code>InternalError</Code><Message>boom</Message></Error>");
  }

  @Test
  void hostileTextStaysWellFormedAndRoundTrips() throws Exception {
    String key = "a<b>&\"c'\td\re\u0001f\uD83D\uDE00g\uD800h";
    S3Exception e = S3ErrorCode.PRECONDITION_FAILED.exception("m&m")
        .withDetail("Condition", "If-Match").withDetail("Key", key);
    byte[] xml = ErrorXml.encode(e, "r<1>", null);
    DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
    Document d = f.newDocumentBuilder().parse(new ByteArrayInputStream(xml));
    assertThat(d.getDocumentElement().getTagName()).isEqualTo("Error");
    assertThat(text(d, "Code")).isEqualTo("PreconditionFailed");
    assertThat(text(d, "Message")).isEqualTo("m&m");
    assertThat(text(d, "Condition")).isEqualTo("If-Match");
    // Control characters and a lone surrogate cannot be XML; everything else survives.
    assertThat(text(d, "Key")).isEqualTo("a<b>&\"c'\td\re\uFFFDf\uD83D\uDE00g\uFFFDh");
    assertThat(text(d, "RequestId")).isEqualTo("r<1>");
  }

  private static String text(Document d, String tag) {
    return d.getElementsByTagName(tag).item(0).getTextContent();
  }
}
