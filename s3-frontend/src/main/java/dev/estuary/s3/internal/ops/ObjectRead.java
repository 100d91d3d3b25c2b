package dev.estuary.s3.internal.ops;

import com.linecorp.armeria.common.HttpHeaders;
import com.linecorp.armeria.common.HttpHeadersBuilder;
import dev.estuary.dfs.Attributes;
import dev.estuary.dfs.FileHandle;
import dev.estuary.dfs.OpenMode;
import dev.estuary.dfs.SmallRead;
import dev.estuary.dfs.Volume;
import dev.estuary.s3.internal.codec.ObjectMeta;
import dev.estuary.s3.internal.codec.ObjectMetaCodec;
import dev.estuary.s3.internal.codec.RangeHeader;
import dev.estuary.s3.internal.error.S3ErrorCode;
import dev.estuary.s3.internal.error.S3Exception;
import dev.estuary.s3.internal.sse.Encryption;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * GetObject and HeadObject share this: find the object, evaluate the conditional headers, pick
 * the byte range ({@code Range} or {@code partNumber}), write the headers (with {@code
 * response-*} overrides), and for GET stream the bytes from the backend in 1 MiB direct reads.
 */
final class ObjectRead {
  /** Bytes per backend read when streaming a response. */
  static final int PIECE = 1 << 20;
  /** Objects (or ranges) up to this size are sent from one heap buffer. */
  static final int SMALL = 256 * 1024;

  private static final Map<String, String> OVERRIDES = Map.of(
      "response-content-type", "content-type",
      "response-content-language", "content-language",
      "response-expires", "expires",
      "response-cache-control", "cache-control",
      "response-content-disposition", "content-disposition",
      "response-content-encoding", "content-encoding");

  private ObjectRead() {}

  static Reply read(OpRequest req, Store store, boolean withBody) {
    Volume bucket = store.bucket(req.requireBucket());
    Volume v = store.volume(bucket, req.requirePrincipal());
    // A small read holds no handle while the response is made, so the object it read may be
    // replaced and reclaimed before the response's own reads by id (its retention) are done:
    // those then fail STALE, and the whole read starts again from the name, as a replaced object
    // does before it is read. Nothing has been sent yet (the content is in memory).
    return Store.retryStale(() -> read(req, store, withBody, bucket, v));
  }

  private static Reply read(OpRequest req, Store store, boolean withBody, Volume bucket, Volume v) {
    KeyPath key = KeyPath.parse(req.requireKey());
    String version = req.param("versionId");
    // Open first, then take attributes and metadata through the handle's object, so a concurrent
    // overwrite yields the old object or (the caller looking the name up again on STALE) the new one.
    Opened o = open(withBody, bucket, v, key, version);
    try {
      // An encrypted object needs its key (SSE-C) or the master key (SSE-S3); its file holds
      // ciphertext, read through a decrypting reader.
      Encryption.Source sse = o.small() != null
          ? store.encryption().source(req.headers(), SseOps.transport(req),
              Encryption.record(o.small()), false)
          : o.handle() == null ? null : store.encryption().source(req.headers(),
              SseOps.transport(req), v, o.attributes().id(), false);
      return respond(req, bucket, v, o, withBody, sse, VersionedRead.header(bucket, version,
          o.meta().versionId()));
    } catch (RuntimeException e) {
      if (o.handle() != null) {
        o.handle().close();
      }
      throw e;
    }
  }

  /** Finds the object (a version, or the key's current object) and opens it or reads it whole. */
  private static Opened open(boolean withBody, Volume bucket, Volume v, KeyPath key,
      @Nullable String version) {
    Attributes target;
    if (version != null) {
      target = VersionedRead.named(bucket, key, version, false).attributes();
    } else {
      Optional<Store.Found> f = Store.tryFind(v, key);
      if (f.isEmpty()) {
        throw VersionedRead.noSuchKey(bucket, key);
      }
      target = f.get().attributes();
      if (target.isDirectory()) {
        // A folder marker (a directory S3 shows as the object "key/") has its own metadata.
        return new Opened(target, Store.meta(v, target), null, null);
      }
    }
    if (!withBody || target.size() <= SMALL) {
      // A HEAD, or a GET of a small object: the attributes, the metadata, the encryption
      // record and (for a GET) the content in one backend call (Volume.readSmall: open,
      // attributes through the handle, xattrs, read, close) instead of six or more, which
      // over a remote backend are as many round trips (issue 13).
      SmallRead r = v.readSmall(target.id(), withBody ? SMALL : 0, SMALL_READ_XATTRS);
      if (!withBody || r.data() != null && Encryption.record(r).isEmpty()) {
        Attributes now = r.attributes();
        return new Opened(now, Store.meta(now, r.xattrs().get(ObjectMetaCodec.XATTR)), null, r);
      }
      // Encrypted (its bytes are decrypted through a handle) or grown meanwhile: open it.
    }
    FileHandle fh = v.open(target.id(), OpenMode.READ);
    try {
      Attributes now = fh.attributes();
      return new Opened(now, Store.meta(v, now), fh, null);
    } catch (RuntimeException e) {
      fh.close();
      throw e;
    }
  }

  /** The extended attributes a small read asks for: the metadata and the encryption record. */
  private static final Set<String> SMALL_READ_XATTRS = Stream.concat(
      Stream.of(ObjectMetaCodec.XATTR), Encryption.RECORD_XATTRS.stream())
      .collect(Collectors.toUnmodifiableSet());

  /**
   * What the response is made from: the object's attributes and metadata, and either an open
   * handle to stream it from, or the small read they came from (a HEAD, or a GET of a small
   * unencrypted object, whose content it holds), or neither (a folder marker).
   */
  private record Opened(Attributes attributes, ObjectMeta meta, @Nullable FileHandle handle,
      @Nullable SmallRead small) {
    byte @Nullable [] content() {
      return small == null ? null : small.data();
    }
  }

  /** Reads an object's bytes as S3 shows them (decrypted, for an encrypted object). */
  @FunctionalInterface
  private interface PlainReader {
    int read(long position, ByteBuffer dst);
  }

  private static Reply respond(OpRequest req, Volume bucket, Volume v, Opened o,
      boolean withBody, Encryption.@Nullable Source sse, @Nullable String versionId) {
    Attributes a = o.attributes();
    ObjectMeta m = o.meta();
    String etag = Store.etag(a, m);
    HttpHeadersBuilder h = HttpHeaders.builder();
    MetaHeaders.toResponse(h, a, m, "ENABLED".equalsIgnoreCase(req.header("x-amz-checksum-mode")));
    if (sse != null) {
      sse.headers(h);
    }
    if (versionId != null) {
      h.set("x-amz-version-id", versionId);
    }
    if (req.param("versionId") == null) {
      // The current object: when a rule will expire it (noncurrent versions expire by days
      // since they became noncurrent, which S3 does not announce on GET).
      BucketLifecycle.expirationHeader(bucket, req.requireKey(), m.tags(),
          a.size(), a.modifyTime()).ifPresent(x -> h.set("x-amz-expiration", x));
    }
    Conditionals.Outcome c = Conditionals.evaluate(req.header("if-match"),
        req.header("if-none-match"), req.header("if-modified-since"),
        req.header("if-unmodified-since"), etag, a.modifyTime(), "");
    if (c == Conditionals.Outcome.NOT_MODIFIED) {
      HttpHeadersBuilder nm = HttpHeaders.builder();
      nm.set("etag", h.get("etag"));
      nm.set("last-modified", h.get("last-modified"));
      if (o.handle() != null) {
        o.handle().close();
      }
      return Reply.empty(304, nm.build());
    }
    for (Map.Entry<String, String> ov : OVERRIDES.entrySet()) {
      String val = req.param(ov.getKey());
      if (val != null) {
        h.set(ov.getValue(), headerValue(ov.getKey(), val));
      }
    }
    ObjectLock.toResponse(bucket, v, a, h);
    long size = a.isDirectory() ? 0 : sse != null ? sse.size() : a.size();
    long offset = 0;
    long length = size;
    int status = 200;
    String partNumber = req.param("partNumber");
    Optional<RangeHeader> range = RangeHeader.parse(req.header("range"));
    if (partNumber != null) {
      if (range.isPresent()) {
        throw new S3Exception(S3ErrorCode.INVALID_REQUEST,
            "Range and partNumber together (expected: one of them)");
      }
      int n = parsePartNumber(partNumber);
      List<Long> parts = m.partSizes();
      int count = parts.isEmpty() ? 1 : parts.size();
      if (n > count) {
        throw new S3Exception(S3ErrorCode.INVALID_PART_NUMBER,
            "partNumber: " + n + " (expected: 1.." + count + ")");
      }
      if (!parts.isEmpty()) {
        for (int i = 0; i < n - 1; i++) {
          offset += parts.get(i);
        }
        length = parts.get(n - 1);
        status = 206;
        h.set("content-range", "bytes " + offset + "-" + (offset + length - 1) + "/" + size);
      }
      h.set("x-amz-mp-parts-count", Integer.toString(count));
    } else if (range.isPresent()) {
      long[] r = range.get().resolve(size);
      if (r == null) {
        throw new S3Exception(S3ErrorCode.INVALID_RANGE, "Range: '" + req.header("range")
            + "' (expected: a range within the object's " + size + " bytes)")
            .withDetail("RangeRequested", req.header("range"))
            .withDetail("ActualObjectSize", Long.toString(size));
      }
      offset = r[0];
      length = r[1];
      status = 206;
      h.set("content-range", "bytes " + offset + "-" + (offset + length - 1) + "/" + size);
    }
    if (offset != 0 || length != size) {
      // A checksum describes the whole object: sent with a part of it, clients would compare
      // the part's checksum against it and fail (S3 sends none with a range either).
      java.util.List<String> drop = new java.util.ArrayList<>();
      h.names().forEach(n -> {
        if (n.toString().startsWith("x-amz-checksum-")) {
          drop.add(n.toString());
        }
      });
      drop.forEach(h::remove);
    }
    h.contentLength(length);
    if (!withBody || length == 0 || o.handle() == null && o.content() == null) {
      if (o.handle() != null) {
        o.handle().close();
      }
      return new Reply(status, h.build(), new byte[0], null, 0);
    }
    if (o.content() != null) {
      byte[] content = o.content();
      if (offset + length > content.length) {
        // Truncated between the attributes and the read (by another protocol).
        throw new S3Exception(S3ErrorCode.INTERNAL_ERROR, "object shrank while being read");
      }
      byte[] body = offset == 0 && length == content.length ? content
          : Arrays.copyOfRange(content, (int) offset, (int) (offset + length));
      return new Reply(status, h.build(), body, null, 0);
    }
    FileHandle fh = o.handle();
    PlainReader src = sse == null ? fh::read : sse.reader(fh)::read;
    if (length <= SMALL) {
      // A small object goes out in one piece: no streaming writer, no waiting per piece.
      try (fh) {
        ByteBuffer all = ByteBuffer.allocate((int) length);
        while (all.hasRemaining()) {
          if (src.read(offset + all.position(), all) < 0) {
            throw new S3Exception(S3ErrorCode.INTERNAL_ERROR, "object shrank while being read");
          }
        }
        return new Reply(status, h.build(), all.array(), null, 0);
      } catch (SecurityException e) {
        throw new S3Exception(S3ErrorCode.INTERNAL_ERROR, "encrypted object " + fh.id()
            + " does not decrypt: " + e.getMessage() + " (altered on disk?)", e);
      }
    }
    long start = offset;
    long count = length;
    HttpHeaders headers = h.removeAndThen("content-length").build();
    return new Reply(status, headers, new byte[0], sink -> {
      try (fh) {
        long pos = start;
        long left = count;
        while (left > 0) {
          int want = (int) Math.min(PIECE, left);
          ByteBuffer buf = sink.buffer(want);
          while (buf.hasRemaining()) {
            int n = src.read(pos + buf.position(), buf);
            if (n < 0) {
              // The file shrank under us (another protocol truncated it): the response cannot
              // be completed with the length already promised.
              throw new java.io.IOException("object shrank while being read");
            }
          }
          sink.send(buf);
          pos += want;
          left -= want;
        }
      }
    }, count);
  }

  /**
   * Checks a {@code response-*} override before it becomes a response header: a control
   * character (CR and LF above all, which would split the header) or a character a header cannot
   * carry (above U+00FF) is refused naming the parameter; the value itself is not echoed, since
   * XML cannot carry those characters either.
   */
  static String headerValue(String param, String value) {
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c < 0x20 && c != '\t' || c == 0x7f || c > 0xff) {
        throw new S3Exception(S3ErrorCode.INVALID_ARGUMENT, param + ": character U+"
            + String.format("%04X", (int) c) + " at index " + i
            + " (expected: a header value without control characters, up to U+00FF)")
            .withDetail("ArgumentName", param);
      }
    }
    return value;
  }

  /**
   * Parses a {@code partNumber}: plain decimal digits without sign, spaces or leading zeros, 1 to
   * 10000 (S3 API Reference, UploadPart: "a positive integer between 1 and 10,000"). A looser
   * parse would let {@code +1}, {@code 01} and {@code 1} name one part three ways.
   */
  static int parsePartNumber(String s) {
    if (!s.isEmpty() && s.length() <= 5 && s.charAt(0) != '0'
        && s.chars().allMatch(c -> c >= '0' && c <= '9')) {
      int n = Integer.parseInt(s);
      if (n <= 10000) {
        return n;
      }
    }
    throw new S3Exception(S3ErrorCode.INVALID_ARGUMENT,
        "partNumber: '" + s + "' (expected: 1..10000)").withDetail("ArgumentName", "partNumber")
        .withDetail("ArgumentValue", s);
  }
}
