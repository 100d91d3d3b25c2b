package dev.estuary.s3.internal.ops;

import dev.estuary.core.Permission;
import dev.estuary.dfs.Attributes;
import dev.estuary.dfs.DfsException;
import dev.estuary.dfs.ErrorKind;
import dev.estuary.dfs.FileHandle;
import dev.estuary.dfs.Volume;
import dev.estuary.s3.internal.codec.ObjectMeta;
import dev.estuary.s3.internal.error.S3ErrorCode;
import dev.estuary.s3.internal.error.S3Exception;
import java.net.URLDecoder;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.jspecify.annotations.Nullable;

/**
 * The source of CopyObject and UploadPartCopy ({@code x-amz-copy-source: /bucket/key}, URL-encoded,
 * optionally {@code ?versionId=ID} naming a version, {@link VersionedRead#named}): found,
 * permission-checked (read on the source bucket) and its {@code x-amz-copy-source-if-*} conditions evaluated (a failed one is 412, never
 * 304).
 *
 * @param bucket the source bucket
 * @param key the source key
 * @param volume the source volume
 * @param attributes the source object
 * @param meta its metadata
 * @param etag its ETag
 * @param handle the source, open for reading (the caller closes it): opened before its
 *     attributes were taken, so a concurrent overwrite cannot make the copy fail
 * @param versionId the source's version id for {@code x-amz-copy-source-version-id} when its
 *     bucket has versioning or a version was named, else null
 */
record CopySource(String bucket, KeyPath key, Volume volume, Attributes attributes,
    ObjectMeta meta, String etag, FileHandle handle, @Nullable String versionId)
    implements AutoCloseable {

  @Override
  public void close() {
    handle.close();
  }


  static CopySource resolve(OpRequest req, Store store) {
    String raw = req.header("x-amz-copy-source");
    if (raw == null) {
      throw new IllegalStateException("routed without x-amz-copy-source");
    }
    String s = raw.strip();
    int q = s.indexOf('?');
    String version = null;
    if (q >= 0) {
      String query = s.substring(q + 1);
      if (!query.startsWith("versionId=")) {
        throw new S3Exception(S3ErrorCode.INVALID_ARGUMENT, "x-amz-copy-source: '" + raw
            + "' (expected: /bucket/key, URL-encoded, optionally followed by ?versionId=ID)")
            .withDetail("ArgumentName", "x-amz-copy-source").withDetail("ArgumentValue", raw);
      }
      version = URLDecoder.decode(query.substring("versionId=".length()),
          StandardCharsets.UTF_8);
      s = s.substring(0, q);
    }
    s = URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
    if (s.startsWith("/")) {
      s = s.substring(1);
    }
    int slash = s.indexOf('/');
    if (slash <= 0 || slash == s.length() - 1) {
      throw new S3Exception(S3ErrorCode.INVALID_ARGUMENT,
          "x-amz-copy-source: '" + raw + "' (expected: /bucket/key, URL-encoded)")
          .withDetail("ArgumentName", "x-amz-copy-source").withDetail("ArgumentValue", raw);
    }
    String bucket = s.substring(0, slash);
    KeyPath key = KeyPath.parse(s.substring(slash + 1));
    if (!store.authorizer().allows(req.requirePrincipal(), bucket, Permission.READ)) {
      throw new S3Exception(S3ErrorCode.ACCESS_DENIED, "user '" + req.requirePrincipal().name()
          + "' has no read permission on source bucket '" + bucket + "'");
    }
    Volume v = store.volume(bucket, req.requirePrincipal());
    Volume unchecked = store.bucket(bucket);
    String named = version;
    Object[] found = Store.retryStale(() -> {
      Attributes target;
      if (named != null) {
        target = VersionedRead.named(unchecked, key, named, true).attributes();
      } else {
        java.util.Optional<Store.Found> x = Store.tryFind(v, key);
        if (x.isEmpty() || !x.get().attributes().isFile()) {
          throw VersionedRead.noSuchKey(unchecked, key);
        }
        target = x.get().attributes();
      }
      FileHandle h = v.open(target.id(), dev.estuary.dfs.OpenMode.READ);
      try {
        Attributes now = h.attributes();
        return new Object[] {now, Store.meta(v, now), h};
      } catch (RuntimeException e) {
        h.close();
        throw e;
      }
    });
    Attributes fa = (Attributes) found[0];
    ObjectMeta m = (ObjectMeta) found[1];
    FileHandle handle = (FileHandle) found[2];
    try {
      return check(req, bucket, key, v, fa, m, handle,
          VersionedRead.header(unchecked, named, m.versionId()));
    } catch (RuntimeException e) {
      handle.close();
      throw e;
    }
  }

  private static CopySource check(OpRequest req, String bucket, KeyPath key, Volume v,
      Attributes fa, ObjectMeta m, FileHandle handle, @Nullable String versionId) {
    String etag = Store.etag(fa, m);
    String p = "x-amz-copy-source-";
    String inm = req.header(p + "if-none-match");
    String ims = req.header(p + "if-modified-since");
    Conditionals.Outcome o = Conditionals.evaluate(req.header(p + "if-match"), inm, ims,
        req.header(p + "if-unmodified-since"), etag, fa.modifyTime(), p);
    if (o == Conditionals.Outcome.NOT_MODIFIED) {
      String cond = inm != null ? p + "If-None-Match" : p + "If-Modified-Since";
      throw new S3Exception(S3ErrorCode.PRECONDITION_FAILED,
          "At least one of the pre-conditions you specified did not hold: " + cond)
          .withDetail("Condition", cond);
    }
    return new CopySource(bucket, key, v, fa, m, etag, handle, versionId);
  }

  /**
   * Copies a range into a target handle, inside the backend when both are in one volume (copy
   * range), else through a bounded buffer.
   *
   * @param src the source handle
   * @param offset the first byte
   * @param length the byte count
   * @param dst the target
   * @param integrity when not null, fed every byte (the copy then reads through the heap, since
   *     the digest needs the bytes)
   */
  static void copy(FileHandle src, long offset, long length, FileHandle dst,
      Integrity integrity) {
    if (integrity == null) {
      try {
        long done = 0;
        while (done < length) {
          long n = src.copyTo(offset + done, dst, done, length - done);
          if (n <= 0) {
            throw new S3Exception(S3ErrorCode.INTERNAL_ERROR, "copy source shrank during the copy");
          }
          done += n;
        }
        return;
      } catch (DfsException e) {
        if (e.kind() != ErrorKind.CROSS_VOLUME && e.kind() != ErrorKind.UNSUPPORTED) {
          throw e;
        }
      }
    }
    ByteBuffer buf = ByteBuffer.allocate(ObjectWriter.CHUNK);
    long done = 0;
    while (done < length) {
      buf.clear().limit((int) Math.min(buf.capacity(), length - done));
      int n = src.read(offset + done, buf);
      if (n <= 0) {
        throw new S3Exception(S3ErrorCode.INTERNAL_ERROR, "copy source shrank during the copy");
      }
      buf.flip();
      if (integrity != null) {
        integrity.update(buf);
      }
      dst.write(done, buf);
      done += n;
    }
  }
}
