package dev.estuary.s3.internal.ops;

import dev.estuary.dfs.DfsException;
import dev.estuary.dfs.ErrorKind;
import dev.estuary.dfs.Limits;
import dev.estuary.dfs.Volume;
import dev.estuary.dfs.XattrMode;
import dev.estuary.s3.internal.codec.HttpDate;
import dev.estuary.s3.internal.codec.LifecycleConfiguration;
import dev.estuary.s3.internal.error.S3ErrorCode;
import java.io.ByteArrayOutputStream;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

/**
 * A bucket's lifecycle configuration, kept (as CORS is, {@link BucketCors}) in an extended
 * attribute of the volume root, {@value #XATTR}, so it lives and dies with the volume. What is
 * stored is the configuration as GetBucketLifecycleConfiguration returns it (generated rule IDs
 * included), deflated: 1,000 rules as S3 allows them take more than an attribute holds ({@link
 * Limits#MAX_XATTR_VALUE_BYTES}) as text but far less compressed; a configuration that still does
 * not fit is refused ({@code InvalidRequest}) rather than cut.
 *
 * <p>Also the {@code x-amz-expiration} response header (S3 API Reference, PutObject, GetObject and
 * HeadObject responses): {@code expiry-date="Fri, 23 Dec 2012 00:00:00 GMT", rule-id="id"} for
 * the earliest enabled rule that will expire the object.
 */
public final class BucketLifecycle {
  /** The attribute on the volume root. */
  static final String XATTR = "estuary.s3.lifecycle";

  private BucketLifecycle() {}

  /**
   * Reads a bucket's configuration.
   *
   * @param v the volume
   * @return the configuration, or empty when the bucket has none
   */
  static Optional<LifecycleConfiguration> read(Volume v) {
    // Asked on every PUT, GET and HEAD (x-amz-expiration): listing the root's few attribute names
    // is cheaper than the NO_SUCH_XATTR exception most buckets, having no rules, would cost
    // (a profile of the small-object benchmark showed thousands of them).
    return Xattrs.get(v, v.root(), XATTR).map(raw -> LifecycleConfiguration.parse(inflate(raw),
        () -> {
          throw new IllegalStateException("stored lifecycle rule without an ID in volume "
              + v.name());
        }));
  }

  /**
   * Stores a bucket's configuration, replacing any.
   *
   * @param v the volume
   * @param c the configuration
   * @throws dev.estuary.s3.internal.error.S3Exception {@code InvalidRequest} when it does not fit
   */
  static void write(Volume v, LifecycleConfiguration c) {
    byte[] stored = deflate(c.toXml());
    if (stored.length > Limits.MAX_XATTR_VALUE_BYTES) {
      throw S3ErrorCode.INVALID_REQUEST.exception("the lifecycle configuration takes "
          + stored.length + " bytes compressed (expected: <= " + Limits.MAX_XATTR_VALUE_BYTES
          + ", what this server stores with a bucket; use fewer or shorter rules)");
    }
    v.setXattr(v.root(), XATTR, stored, XattrMode.UPSERT);
    v.syncNamespace();
  }

  /**
   * Removes a bucket's configuration, if any.
   *
   * @param v the volume
   */
  static void remove(Volume v) {
    try {
      v.removeXattr(v.root(), XATTR);
      v.syncNamespace();
    } catch (DfsException e) {
      if (e.kind() != ErrorKind.NO_SUCH_XATTR) {
        throw e;
      }
    }
  }

  /**
   * Returns the {@code x-amz-expiration} value for an object, if an enabled rule will expire it.
   * Failing to read the configuration adds nothing: the header is advisory.
   *
   * @param bucket the bucket's volume, as the request opened it ({@link Store#bucket})
   * @param key the object key
   * @param tags the object's tags
   * @param size its size
   * @param created its creation (last write) time
   * @return the header value, or empty
   */
  static Optional<String> expirationHeader(Volume bucket, String key,
      Map<String, String> tags, long size, Instant created) {
    Optional<LifecycleConfiguration> c;
    try {
      c = read(bucket);
    } catch (RuntimeException e) {
      return Optional.empty();
    }
    Instant best = null;
    String rule = null;
    for (LifecycleConfiguration.Rule r : c.map(LifecycleConfiguration::rules).orElse(java.util.List.of())) {
      if (!r.enabled() || !r.filter().matches(key, tags, size)) {
        continue;
      }
      Optional<Instant> t = r.expiry(created);
      if (t.isPresent() && (best == null || t.get().isBefore(best))) {
        best = t.get();
        rule = r.id();
      }
    }
    if (best == null) {
      return Optional.empty();
    }
    return Optional.of("expiry-date=\"" + HttpDate.format(best) + "\", rule-id=\""
        + rule.replace("\"", "%22") + "\"");
  }

  private static byte[] deflate(byte[] b) {
    Deflater d = new Deflater(Deflater.BEST_COMPRESSION);
    try {
      d.setInput(b);
      d.finish();
      ByteArrayOutputStream out = new ByteArrayOutputStream(b.length / 4 + 64);
      byte[] buf = new byte[8192];
      while (!d.finished()) {
        out.write(buf, 0, d.deflate(buf));
      }
      return out.toByteArray();
    } finally {
      d.end();
    }
  }

  private static byte[] inflate(byte[] b) {
    Inflater in = new Inflater();
    try {
      in.setInput(b);
      ByteArrayOutputStream out = new ByteArrayOutputStream(b.length * 4);
      byte[] buf = new byte[8192];
      while (!in.finished()) {
        int n = in.inflate(buf);
        if (n == 0 && (in.needsInput() || in.needsDictionary())) {
          throw new IllegalStateException("stored lifecycle configuration is truncated");
        }
        out.write(buf, 0, n);
        if (out.size() > LifecycleConfiguration.MAX_BYTES) {
          throw new IllegalStateException("stored lifecycle configuration inflates beyond "
              + LifecycleConfiguration.MAX_BYTES + " bytes");
        }
      }
      return out.toByteArray();
    } catch (DataFormatException e) {
      throw new IllegalStateException("stored lifecycle configuration is corrupt: " + e.getMessage(), e);
    } finally {
      in.end();
    }
  }
}
