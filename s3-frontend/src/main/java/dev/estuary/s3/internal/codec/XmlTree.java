package dev.estuary.s3.internal.codec;

import dev.estuary.s3.internal.error.S3ErrorCode;
import dev.estuary.s3.internal.error.S3Exception;
import java.io.ByteArrayInputStream;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * A small element tree read from an S3 request body with StAX, for the request parsers.
 *
 * <p>Safe on hostile input: DTDs and external entities are refused (no XXE, no entity
 * expansion), and the body size, element count, nesting depth and text length are bounded
 * before anything grows. Elements are matched by local name, so the S3 namespace
 * {@code http://s3.amazonaws.com/doc/2006-03-01/} may be present or absent. Anything malformed is
 * {@code MalformedXML}.
 *
 * @param name the local name
 * @param text the concatenated character data directly inside it
 * @param children the child elements in order
 */
public record XmlTree(String name, String text, List<XmlTree> children) {
  /** The S3 document namespace. */
  public static final String S3_NAMESPACE = "http://s3.amazonaws.com/doc/2006-03-01/";

  private static final int MAX_DEPTH = 16;
  private static final int MAX_TEXT = 64 * 1024;

  /** Copies the children. */
  public XmlTree {
    children = List.copyOf(children);
  }

  /**
   * Parses {@code body}.
   *
   * @param expectedRoot the root element's local name
   * @param maxBytes the largest body accepted
   * @param maxElements the most elements accepted
   * @throws S3Exception MalformedXML for bad, oversize or unexpected input
   */
  public static XmlTree parse(byte[] body, String expectedRoot, int maxBytes, int maxElements) {
    if (body.length == 0) {
      throw malformed("the body is empty");
    }
    if (body.length > maxBytes) {
      throw malformed("the body is " + body.length + " bytes (expected: <= " + maxBytes + ")");
    }
    XMLInputFactory f = XMLInputFactory.newFactory();
    f.setProperty(XMLInputFactory.SUPPORT_DTD, false);
    f.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
    f.setProperty(XMLInputFactory.IS_NAMESPACE_AWARE, true);
    f.setProperty(XMLInputFactory.IS_COALESCING, true);
    XMLStreamReader r = null;
    try {
      r = f.createXMLStreamReader(new ByteArrayInputStream(body));
      Deque<Builder> stack = new ArrayDeque<>();
      XmlTree root = null;
      int elements = 0;
      while (r.hasNext()) {
        int ev = r.next();
        switch (ev) {
          case XMLStreamConstants.START_ELEMENT -> {
            if (++elements > maxElements) {
              throw malformed("more than " + maxElements + " elements");
            }
            if (stack.size() >= MAX_DEPTH) {
              throw malformed("elements nested deeper than " + MAX_DEPTH);
            }
            String ns = r.getNamespaceURI();
            if (ns != null && !ns.isEmpty() && !ns.equals(S3_NAMESPACE)) {
              throw malformed("namespace '" + ns + "' (expected: none or " + S3_NAMESPACE + ")");
            }
            if (stack.isEmpty() && root == null && !r.getLocalName().equals(expectedRoot)) {
              throw malformed("root element <" + r.getLocalName() + "> (expected: <" + expectedRoot + ">)");
            }
            stack.push(new Builder(r.getLocalName()));
          }
          case XMLStreamConstants.CHARACTERS, XMLStreamConstants.CDATA, XMLStreamConstants.SPACE -> {
            Builder b = stack.peek();
            if (b != null) {
              if (b.text.length() + r.getTextLength() > MAX_TEXT) {
                throw malformed("text longer than " + MAX_TEXT + " characters in <" + b.name + ">");
              }
              b.text.append(r.getTextCharacters(), r.getTextStart(), r.getTextLength());
            }
          }
          case XMLStreamConstants.END_ELEMENT -> {
            Builder b = stack.pop();
            XmlTree t = new XmlTree(b.name, b.text.toString(), b.children);
            if (stack.isEmpty()) {
              root = t;
            } else {
              stack.peek().children.add(t);
            }
          }
          case XMLStreamConstants.DTD, XMLStreamConstants.ENTITY_REFERENCE ->
              throw malformed("DTDs and entity references are not accepted");
          default -> { }
        }
      }
      if (root == null) {
        throw malformed("no root element");
      }
      return root;
    } catch (XMLStreamException | RuntimeException e) {
      if (e instanceof S3Exception s3) {
        throw s3;
      }
      throw new S3Exception(S3ErrorCode.MALFORMED_XML, S3ErrorCode.MALFORMED_XML.defaultMessage(), e);
    } finally {
      if (r != null) {
        try {
          r.close();
        } catch (XMLStreamException ignored) {
          // nothing to release beyond the in-memory stream
        }
      }
    }
  }

  private static final class Builder {
    final String name;
    final StringBuilder text = new StringBuilder();
    final List<XmlTree> children = new ArrayList<>();

    Builder(String name) {
      this.name = name;
    }
  }

  /** The children named {@code name}. */
  public List<XmlTree> all(String name) {
    return children.stream().filter(c -> c.name.equals(name)).toList();
  }

  /** The one child named {@code name}, if present; MalformedXML if repeated. */
  public Optional<XmlTree> optional(String name) {
    List<XmlTree> l = all(name);
    if (l.size() > 1) {
      throw malformed("<" + name + "> appears " + l.size() + " times in <" + this.name + "> (expected: at most once)");
    }
    return l.isEmpty() ? Optional.empty() : Optional.of(l.getFirst());
  }

  /** The text of the one child {@code name}, if present. */
  public Optional<String> optionalText(String name) {
    return optional(name).map(XmlTree::text);
  }

  /** The text of the one child {@code name}; MalformedXML if absent. */
  public String requiredText(String name) {
    return optionalText(name).orElseThrow(() -> malformed("<" + this.name + "> lacks <" + name + ">"));
  }

  /** A MalformedXML error saying why. */
  public static S3Exception malformed(String why) {
    return S3ErrorCode.MALFORMED_XML.exception(S3ErrorCode.MALFORMED_XML.defaultMessage() + " (" + why + ")");
  }
}
