package dev.estuary.s3.internal.ops;

import com.linecorp.armeria.common.HttpHeaders;
import com.linecorp.armeria.common.HttpHeadersBuilder;
import dev.estuary.dfs.Attributes;
import dev.estuary.dfs.Volume;
import dev.estuary.s3.internal.codec.HttpDate;
import dev.estuary.s3.internal.codec.ObjectAttributesXml;
import dev.estuary.s3.internal.codec.ObjectMeta;
import dev.estuary.s3.internal.error.S3ErrorCode;
import dev.estuary.s3.internal.error.S3Exception;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * GetObjectAttributes ({@code GET /bucket/key?attributes}): the attributes named in the required
 * {@code x-amz-object-attributes} header ({@code ETag}, {@code Checksum}, {@code ObjectParts},
 * {@code StorageClass}, {@code ObjectSize}), without the body. {@code ObjectParts} pages the parts
 * of a multipart object with the {@code x-amz-max-parts} and {@code x-amz-part-number-marker}
 * headers (S3 API Reference, GetObjectAttributes) and is absent for an object written in one PUT,
 * as on S3; {@code Checksum} is absent when the object has no stored checksum.
 */
final class GetObjectAttributesOp implements Handler {
  /** The attributes S3 defines, spelled as in the header. */
  enum Attribute { ETAG("ETag"), CHECKSUM("Checksum"), OBJECT_PARTS("ObjectParts"),
    STORAGE_CLASS("StorageClass"), OBJECT_SIZE("ObjectSize");

    private final String header;

    Attribute(String header) {
      this.header = header;
    }
  }

  /** Largest page of parts, and the default (as ListParts). */
  private static final int MAX_PARTS = 1000;

  @Override
  public Reply handle(OpRequest req, Store store) {
    // The SDKs send the list as one header line per attribute, others as one comma list.
    List<String> lines = req.headers().getAll("x-amz-object-attributes");
    Set<Attribute> wanted = attributes(lines.isEmpty() ? null : String.join(",", lines));
    int maxParts = number(req, "x-amz-max-parts", MAX_PARTS, 0, MAX_PARTS);
    int marker = number(req, "x-amz-part-number-marker", 0, 0, 10_000);
    KeyPath key = KeyPath.parse(req.requireKey());
    Volume v = store.volume(req);
    record Seen(Attributes attributes, ObjectMeta meta) {}
    String version = req.param("versionId");
    Seen s = Store.retryStale(() -> {
      // With versionId, the version it names (a delete marker is 405, an unknown one NoSuchVersion).
      Attributes a = version != null
          ? v.getAttributes(VersionedRead.named(store.bucket(req.requireBucket()), key, version, false)
              .attributes().id())
          : Store.find(v, key).attributes();
      return new Seen(a, a.isFile() ? Store.meta(v, a) : ObjectMeta.EMPTY);
    });
    Attributes a = s.attributes();
    ObjectMeta m = s.meta();
    ObjectAttributesXml.Checksum checksum = null;
    if (wanted.contains(Attribute.CHECKSUM) && m.checksumAlgorithm() != null
        && m.checksumValue() != null) {
      // The same value HeadObject sends with x-amz-checksum-mode: ENABLED.
      String value = "COMPOSITE".equals(m.checksumType())
          ? m.checksumValue() + "-" + m.partSizes().size() : m.checksumValue();
      checksum = new ObjectAttributesXml.Checksum(m.checksumAlgorithm().toUpperCase(Locale.ROOT),
          value, m.checksumType());
    }
    ObjectAttributesXml.Parts parts = null;
    if (wanted.contains(Attribute.OBJECT_PARTS) && !m.partSizes().isEmpty()) {
      parts = page(m.partSizes(), marker, maxParts);
    }
    ObjectAttributesXml doc = new ObjectAttributesXml(
        wanted.contains(Attribute.ETAG) ? Store.etag(a, m) : null,
        checksum, parts,
        wanted.contains(Attribute.STORAGE_CLASS) ? "STANDARD" : null,
        wanted.contains(Attribute.OBJECT_SIZE) ? (a.isDirectory() ? 0L : m.objectSize(a.size())) : null);
    HttpHeadersBuilder h = HttpHeaders.builder();
    h.set("last-modified", HttpDate.format(a.modifyTime()));
    return Reply.xml(200, h, doc.encode());
  }

  private static ObjectAttributesXml.Parts page(List<Long> sizes, int marker, int maxParts) {
    List<ObjectAttributesXml.Part> out = new ArrayList<>();
    int n = marker;
    while (n < sizes.size() && out.size() < maxParts) {
      out.add(new ObjectAttributesXml.Part(n + 1, sizes.get(n)));
      n++;
    }
    return new ObjectAttributesXml.Parts(sizes.size(), marker, n, maxParts, n < sizes.size(),
        out);
  }

  /** Parses the required header: a comma-separated list of attribute names. */
  static Set<Attribute> attributes(@Nullable String header) {
    if (header == null || header.isBlank()) {
      throw new S3Exception(S3ErrorCode.INVALID_ARGUMENT, "x-amz-object-attributes: missing"
          + " (expected: one or more of ETag, Checksum, ObjectParts, StorageClass, ObjectSize)")
          .withDetail("ArgumentName", "x-amz-object-attributes");
    }
    Set<Attribute> out = EnumSet.noneOf(Attribute.class);
    for (String name : header.split(",")) {
      String n = name.strip();
      Attribute found = null;
      for (Attribute a : Attribute.values()) {
        if (a.header.equals(n)) {
          found = a;
        }
      }
      if (found == null) {
        throw new S3Exception(S3ErrorCode.INVALID_ARGUMENT, "x-amz-object-attributes: '" + n
            + "' is not an attribute (expected: ETag, Checksum, ObjectParts, StorageClass,"
            + " ObjectSize)").withDetail("ArgumentName", "x-amz-object-attributes")
            .withDetail("ArgumentValue", n);
      }
      out.add(found);
    }
    return out;
  }

  private static int number(OpRequest req, String header, int dflt, int min, int max) {
    String v = req.header(header);
    if (v == null) {
      return dflt;
    }
    try {
      int n = Integer.parseInt(v.strip());
      if (n >= min && n <= max) {
        return n;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new S3Exception(S3ErrorCode.INVALID_ARGUMENT, header + ": '" + v
        + "' (expected: an integer " + min + "-" + max + ")").withDetail("ArgumentName", header)
        .withDetail("ArgumentValue", v);
  }
}
