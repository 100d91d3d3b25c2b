package dev.estuary.s3.internal.codec;

import static java.util.Objects.requireNonNull;

import dev.estuary.s3.internal.checksum.ChecksumAlgorithm;
import dev.estuary.s3.internal.error.S3ErrorCode;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The CompleteMultipartUpload request body (S3 API Reference, CompleteMultipartUpload):
 *
 * <pre>{@code
 * <CompleteMultipartUpload><Part><PartNumber>1</PartNumber><ETag>"..."</ETag>
 *   <ChecksumCRC32>...</ChecksumCRC32></Part>...</CompleteMultipartUpload>
 * }</pre>
 *
 * @param parts the parts in the order given
 */
public record CompleteMultipartUploadRequest(List<Part> parts) {
  /** The most parts an upload may have. */
  public static final int MAX_PARTS = 10_000;
  /** The largest body accepted. */
  public static final int MAX_BYTES = 4 * 1024 * 1024;

  /** Copies the list. */
  public CompleteMultipartUploadRequest {
    parts = List.copyOf(parts);
  }

  /**
   * One part.
   *
   * @param partNumber 1..10000
   * @param etag the ETag without surrounding quotes
   * @param checksums the base64 checksums given, by algorithm
   */
  public record Part(int partNumber, String etag, Map<ChecksumAlgorithm, String> checksums) {
    /** Copies the map. */
    public Part {
      requireNonNull(etag, "etag");
      checksums = checksums.isEmpty() ? Map.of() : Map.copyOf(new EnumMap<>(checksums));
    }
  }

  /**
   * Parses the body.
   *
   * @throws dev.estuary.s3.internal.error.S3Exception MalformedXML for a bad document or no
   *     parts; InvalidArgument for a part number outside 1..10000
   */
  public static CompleteMultipartUploadRequest parse(byte[] body) {
    XmlTree root = XmlTree.parse(body, "CompleteMultipartUpload", MAX_BYTES, 1 + MAX_PARTS * 8);
    List<XmlTree> ps = root.all("Part");
    if (ps.isEmpty()) {
      throw XmlTree.malformed("no <Part>");
    }
    if (ps.size() > MAX_PARTS) {
      throw XmlTree.malformed(ps.size() + " parts (expected: <= " + MAX_PARTS + ")");
    }
    List<Part> parts = new ArrayList<>(ps.size());
    for (XmlTree p : ps) {
      String n = p.requiredText("PartNumber").strip();
      int number;
      try {
        number = Integer.parseInt(n);
      } catch (NumberFormatException e) {
        throw XmlTree.malformed("PartNumber '" + n + "' is not an integer");
      }
      if (number < 1 || number > MAX_PARTS) {
        throw S3ErrorCode.INVALID_ARGUMENT.exception("Part number must be an integer between 1 and 10000, inclusive")
            .withDetail("ArgumentName", "PartNumber").withDetail("ArgumentValue", n);
      }
      Map<ChecksumAlgorithm, String> sums = new EnumMap<>(ChecksumAlgorithm.class);
      for (ChecksumAlgorithm a : ChecksumAlgorithm.values()) {
        if (a.isS3Checksum()) {
          p.optionalText(a.xmlElement()).ifPresent(v -> sums.put(a, v.strip()));
        }
      }
      parts.add(new Part(number, unquote(p.requiredText("ETag").strip()), sums));
    }
    return new CompleteMultipartUploadRequest(parts);
  }

  /**
   * Checks the part numbers ascend strictly.
   *
   * @throws dev.estuary.s3.internal.error.S3Exception InvalidPartOrder otherwise
   */
  public void requireAscending() {
    for (int i = 1; i < parts.size(); i++) {
      if (parts.get(i).partNumber() <= parts.get(i - 1).partNumber()) {
        throw S3ErrorCode.INVALID_PART_ORDER.exception()
            .withDetail("PartNumber", Integer.toString(parts.get(i).partNumber()));
      }
    }
  }

  /** An ETag without its surrounding double quotes, if it has them. */
  public static String unquote(String etag) {
    return etag.length() >= 2 && etag.startsWith("\"") && etag.endsWith("\"") ? etag.substring(1, etag.length() - 1) : etag;
  }
}
