package dev.estuary.s3.internal.ops;

import dev.estuary.core.Principal;
import dev.estuary.dfs.Volume;
import dev.estuary.s3.internal.codec.ListPartsResultXml;
import dev.estuary.s3.internal.error.S3ErrorCode;
import dev.estuary.s3.internal.error.S3Exception;
import java.util.ArrayList;
import java.util.List;

/** ListParts ({@code GET /bucket/key?uploadId=ID}): with part-number-marker and max-parts (≤ 1000). */
final class ListPartsOp implements Handler {
  @Override
  public Reply handle(OpRequest req, Store store) {
    KeyPath key = KeyPath.parse(req.requireKey());
    Volume v = store.bucket(req.requireBucket());
    Uploads.Upload u = Uploads.find(v, req.query().get("uploadId", ""), key.key());
    int marker = intParam(req, "part-number-marker", 0, 0, Uploads.MAX_PARTS);
    int max = Math.min(1000, intParam(req, "max-parts", 1000, 0, Integer.MAX_VALUE));
    List<Uploads.Part> parts = Uploads.parts(v, u, marker, max + 1);
    boolean truncated = parts.size() > max;
    if (truncated) {
      parts = parts.subList(0, max);
    }
    List<ListPartsResultXml.Part> out = new ArrayList<>();
    for (Uploads.Part p : parts) {
      out.add(new ListPartsResultXml.Part(p.number(), p.attributes().modifyTime(),
          p.record().md5Hex(), SseOps.partSize(v, p.attributes()), p.record().checksumAlgorithm(),
          p.record().checksum()));
    }
    int next = parts.isEmpty() ? 0 : parts.get(parts.size() - 1).number();
    Principal p = req.requirePrincipal();
    return Reply.xml(ListPartsResultXml.encode(req.requireBucket(), key.key(), u.id(),
        Integer.toString(p.uid()), p.name(), marker, next, max, truncated,
        u.record().checksumAlgorithm(), u.record().checksumType(), out));
  }

  static int intParam(OpRequest req, String name, int dflt, int min, int max) {
    String s = req.param(name);
    if (s == null) {
      return dflt;
    }
    try {
      int n = Integer.parseInt(s.strip());
      if (n >= min && n <= max) {
        return n;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new S3Exception(S3ErrorCode.INVALID_ARGUMENT,
        name + ": '" + s + "' (expected: an integer " + min + ".." + max + ")")
        .withDetail("ArgumentName", name).withDetail("ArgumentValue", s);
  }
}
