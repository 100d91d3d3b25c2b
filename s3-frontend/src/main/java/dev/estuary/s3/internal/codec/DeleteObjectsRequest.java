package dev.estuary.s3.internal.codec;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The DeleteObjects request body (S3 API Reference, DeleteObjects):
 *
 * <pre>{@code
 * <Delete><Quiet>true</Quiet><Object><Key>k</Key><VersionId>v</VersionId></Object>...</Delete>
 * }</pre>
 *
 * @param quiet whether only failures are reported
 * @param objects the objects, 1..1000, in order
 */
public record DeleteObjectsRequest(boolean quiet, List<ObjectIdentifier> objects) {
  /** The most keys one request may name. */
  public static final int MAX_KEYS = 1000;
  /** The largest body accepted: 1000 keys of 1024 bytes with room for markup. */
  public static final int MAX_BYTES = 2 * 1024 * 1024;

  /** Copies the list. */
  public DeleteObjectsRequest {
    objects = List.copyOf(objects);
  }

  /**
   * One object to delete.
   *
   * @param key the key
   * @param versionId the version, if named
   * @param etag the ETag condition without quotes, if given (conditional delete)
   */
  public record ObjectIdentifier(String key, Optional<String> versionId, Optional<String> etag) {
    /** Checks nullness. */
    public ObjectIdentifier {
      requireNonNull(key, "key");
      requireNonNull(versionId, "versionId");
      requireNonNull(etag, "etag");
    }
  }

  /**
   * Parses the body.
   *
   * @throws dev.estuary.s3.internal.error.S3Exception MalformedXML for a bad document, no objects,
   *     more than 1000, an empty key or a Quiet that is not a boolean
   */
  public static DeleteObjectsRequest parse(byte[] body) {
    XmlTree root = XmlTree.parse(body, "Delete", MAX_BYTES, 2 + MAX_KEYS * 8);
    boolean quiet = root.optionalText("Quiet").map(q -> switch (q.strip().toLowerCase(Locale.ROOT)) {
      case "true" -> true;
      case "false" -> false;
      default -> throw XmlTree.malformed("Quiet '" + q + "' (expected: true or false)");
    }).orElse(false);
    List<XmlTree> os = root.all("Object");
    if (os.isEmpty()) {
      throw XmlTree.malformed("no <Object>");
    }
    if (os.size() > MAX_KEYS) {
      throw XmlTree.malformed(os.size() + " objects (expected: <= " + MAX_KEYS + ")");
    }
    List<ObjectIdentifier> objects = new ArrayList<>(os.size());
    for (XmlTree o : os) {
      String key = o.requiredText("Key");
      if (key.isEmpty()) {
        throw XmlTree.malformed("an empty <Key>");
      }
      objects.add(new ObjectIdentifier(key, o.optionalText("VersionId").map(String::strip),
          o.optionalText("ETag").map(e -> CompleteMultipartUploadRequest.unquote(e.strip()))));
    }
    return new DeleteObjectsRequest(quiet, objects);
  }
}
