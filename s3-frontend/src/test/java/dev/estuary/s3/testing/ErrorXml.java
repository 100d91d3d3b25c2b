package dev.estuary.s3.testing;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * An S3 error document as it came over the wire ({@code <Error><Code>…</Code><Message>…</Message>
 * <RequestId>…</RequestId>…</Error>}), parsed independently of the SDK.
 *
 * @param code the {@code Code} element, or null when absent
 * @param message the {@code Message} element, or null when absent
 * @param requestId the {@code RequestId} element, or null when absent
 * @param xml the raw document
 */
public record ErrorXml(String code, String message, String requestId, String xml) {
  /**
   * Parses an error body.
   *
   * @param body the response body
   * @return the parsed fields
   * @throws AssertionError if the body is not an XML {@code Error} document
   */
  public static ErrorXml parse(byte[] body) {
    String text = new String(body, StandardCharsets.UTF_8);
    try {
      DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
      f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
      Document d = f.newDocumentBuilder().parse(new ByteArrayInputStream(body));
      Element root = d.getDocumentElement();
      if (!root.getTagName().equals("Error")) {
        throw new AssertionError("error body root: <" + root.getTagName()
            + "> (expected: <Error>): " + text);
      }
      return new ErrorXml(child(root, "Code"), child(root, "Message"), child(root, "RequestId"),
          text);
    } catch (AssertionError e) {
      throw e;
    } catch (Exception e) {
      throw new AssertionError("error body: not XML (" + e.getMessage() + "): '" + text + "'", e);
    }
  }

  /**
   * Returns whether all of Code, Message and RequestId are present and non-blank.
   *
   * @return whether the document is complete
   */
  public boolean complete() {
    return code != null && !code.isBlank() && message != null && !message.isBlank()
        && requestId != null && !requestId.isBlank();
  }

  private static String child(Element root, String name) {
    NodeList l = root.getElementsByTagName(name);
    return l.getLength() == 0 ? null : l.item(0).getTextContent();
  }
}
