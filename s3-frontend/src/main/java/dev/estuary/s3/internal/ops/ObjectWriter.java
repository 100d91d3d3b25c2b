package dev.estuary.s3.internal.ops;

import dev.estuary.core.CheckedVolume;
import dev.estuary.dfs.Attributes;
import dev.estuary.dfs.FileHandle;
import dev.estuary.dfs.OpenMode;
import dev.estuary.dfs.Ownership;
import dev.estuary.dfs.RenameMode;
import dev.estuary.dfs.Volume;
import dev.estuary.dfs.XattrMode;
import dev.estuary.s3.internal.codec.ObjectMeta;
import dev.estuary.s3.internal.codec.ObjectMetaCodec;
import dev.estuary.s3.internal.error.S3ErrorCode;
import dev.estuary.s3.internal.error.S3Exception;
import dev.estuary.s3.internal.sse.EncryptingSink;
import dev.estuary.s3.internal.sse.Encryption;
import dev.estuary.s3.internal.sse.SseRecord;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import org.jspecify.annotations.Nullable;
import java.nio.channels.ReadableByteChannel;

/**
 * Writes an upload the way DESIGN §4 asks: into an unlinked object, verified, with its metadata,
 * synced, and only then published under its name, so an interrupted or failed upload never leaves
 * a visible object and a completed one is durable before the reply.
 */
public final class ObjectWriter {
  /** Bytes read from the connection per write to the backend. */
  static final int CHUNK = 1 << 20;

  private ObjectWriter() {}

  /**
   * An object written and not yet published.
   *
   * @param handle the open handle (the caller closes it; closing an unpublished object drops it)
   * @param integrity the digests of what was written
   * @param size the byte count (of the plaintext, when encrypted)
   * @param segment the encrypted segment written, or null when unencrypted
   */
  public record Staged(FileHandle handle, Integrity integrity, long size,
      SseRecord.@Nullable Segment segment) implements AutoCloseable {
    /**
     * An unencrypted staged object.
     *
     * @param handle see the record
     * @param integrity see the record
     * @param size see the record
     */
    public Staged(FileHandle handle, Integrity integrity, long size) {
      this(handle, integrity, size, null);
    }

    @Override
    public void close() {
      handle.close();
    }
  }

  /**
   * Streams a request body into a new unlinked object and verifies its digests.
   *
   * @param v the volume
   * @param mode the new object's mode
   * @param owner the owner
   * @param body the body
   * @param integrity the checks to run
   * @param maxBytes the largest body allowed ({@code EntityTooLarge} beyond)
   * @return the staged object, with its handle open
   * @throws IOException when the connection fails
   */
  public static Staged stage(Volume v, int mode, Ownership owner, RequestBody body,
      Integrity integrity, long maxBytes) throws IOException {
    return stage(v, mode, owner, body, integrity, maxBytes, null);
  }

  /**
   * Streams a request body into a new unlinked object, encrypted when {@code encryption} is
   * given ({@link dev.estuary.s3.internal.sse.BlockCipher}: the digests are of the plaintext),
   * and verifies its digests.
   *
   * @param v the volume
   * @param mode the new object's mode
   * @param owner the owner
   * @param body the body
   * @param integrity the checks to run
   * @param maxBytes the largest body allowed ({@code EntityTooLarge} beyond)
   * @param encryption the object's encryption, or null
   * @return the staged object, with its handle open
   * @throws IOException when the connection fails
   */
  public static Staged stage(Volume v, int mode, Ownership owner, RequestBody body,
      Integrity integrity, long maxBytes, Encryption.@Nullable Target encryption)
      throws IOException {
    long declared = body.declaredLength();
    if (declared > maxBytes) {
      throw new S3Exception(S3ErrorCode.ENTITY_TOO_LARGE,
          "body length: " + declared + " bytes (expected: <= " + maxBytes + ")")
          .withDetail("ProposedSize", Long.toString(declared))
          .withDetail("MaxSizeAllowed", Long.toString(maxBytes));
    }
    Attributes tmp = v.createUnlinked(mode, owner);
    FileHandle h = v.open(tmp.id(), OpenMode.READ_WRITE);
    try {
      EncryptingSink sink = encryption == null ? null : encryption.segment(h, 0);
      long pos = copy(body.stream(), h, sink, integrity, maxBytes, declared);
      integrity.finish(body.trailers());
      if (declared >= 0 && pos != declared) {
        throw new S3Exception(S3ErrorCode.INCOMPLETE_BODY,
            "body length: " + pos + " bytes (expected: " + declared + ", as declared)");
      }
      if (sink != null) {
        sink.finish();
        return new Staged(h, integrity, pos, sink.segment());
      }
      return new Staged(h, integrity, pos);
    } catch (IOException | RuntimeException e) {
      h.close();
      throw e;
    }
  }

  private static long copy(InputStream in, FileHandle h, @Nullable EncryptingSink sink,
      Integrity integrity, long maxBytes, long declared) throws IOException {
    if (sink == null && in instanceof ReadableByteChannel ch && (declared < 0 || declared >= CHUNK)) {
      return copyDirect(ch, h, integrity, maxBytes);
    }
    // A small body gets a buffer of its size (plus one byte, so its end is seen in one read).
    byte[] buf = new byte[declared >= 0 && declared < CHUNK ? (int) declared + 1 : CHUNK];
    long pos = 0;
    while (true) {
      int n = in.readNBytes(buf, 0, buf.length);
      if (n <= 0) {
        return pos;
      }
      if (pos + n > maxBytes) {
        throw new S3Exception(S3ErrorCode.ENTITY_TOO_LARGE,
            "body length: more than " + maxBytes + " bytes (expected: <= " + maxBytes + ")")
            .withDetail("MaxSizeAllowed", Long.toString(maxBytes));
      }
      ByteBuffer b = ByteBuffer.wrap(buf, 0, n);
      integrity.update(b);
      if (sink != null) {
        sink.write(b);
      } else {
        h.write(pos, b);
      }
      pos += n;
      if (n < buf.length) {
        // readNBytes only returns short at end of stream.
        return pos;
      }
    }
  }

  /**
   * The large-body path: the request's pooled buffers are copied once into a direct buffer, which
   * the digests read in place and the file takes without the copy to a temporary direct buffer a
   * heap buffer costs ({@code FileChannel} writes only from native memory). One MiB per write.
   */
  private static long copyDirect(ReadableByteChannel in, FileHandle h, Integrity integrity,
      long maxBytes) throws IOException {
    ByteBuffer buf = ByteBuffer.allocateDirect(CHUNK);
    long pos = 0;
    boolean end = false;
    while (!end) {
      buf.clear();
      while (buf.hasRemaining()) {
        if (in.read(buf) < 0) {
          end = true;
          break;
        }
      }
      buf.flip();
      int n = buf.remaining();
      if (n == 0) {
        break;
      }
      if (pos + n > maxBytes) {
        throw new S3Exception(S3ErrorCode.ENTITY_TOO_LARGE,
            "body length: more than " + maxBytes + " bytes (expected: <= " + maxBytes + ")")
            .withDetail("MaxSizeAllowed", Long.toString(maxBytes));
      }
      integrity.update(buf);
      h.write(pos, buf);
      pos += n;
    }
    return pos;
  }

  /**
   * Stores metadata on a staged object and syncs its data ({@link FileHandle#syncData()}): its
   * bytes are durable or queued with its metadata, which {@link #publish}'s namespace sync makes
   * durable together with the name (one log sync for the whole PUT).
   *
   * @param v the volume
   * @param h the staged object's handle
   * @param meta the metadata (the fingerprint is filled in here)
   * @return the metadata as stored
   */
  public static ObjectMeta seal(Volume v, FileHandle h, ObjectMeta meta) {
    Attributes a = h.attributes();
    ObjectMeta m = meta.withFingerprint(a.size(), Store.nanos(a.modifyTime()));
    v.setXattr(h.id(), ObjectMetaCodec.XATTR, ObjectMetaCodec.encode(m), XattrMode.UPSERT);
    h.syncData();
    return m;
  }

  /**
   * Publishes a sealed object under its key, creating parent directories, and makes the name
   * durable ({@link Volume#syncNamespace()}: with {@link #seal}, the object's data and metadata
   * too). Replacing an existing object needs what removing it needs (write and search on its
   * directory, the sticky-bit rule), as a rename over it would.
   *
   * @param v the volume as the requester may use it
   * @param h the sealed object's handle
   * @param key the key
   * @param mode {@link RenameMode#REPLACE}, or {@link RenameMode#NO_REPLACE} for {@code
   *     If-None-Match: *}
   * @return the published object's attributes
   */
  public static Attributes publish(CheckedVolume v, FileHandle h, KeyPath key, RenameMode mode) {
    dev.estuary.dfs.DfsException last = null;
    // A concurrent delete may prune a parent directory between mkdirs and link; retry then.
    for (int attempt = 0; attempt < 5; attempt++) {
      Attributes parent = Store.makeParents(v, key);
      try {
        Attributes a = v.link(h.id(), parent.id(), key.name(), mode);
        v.syncNamespace();
        return a;
      } catch (dev.estuary.dfs.DfsException e) {
        switch (e.kind()) {
          case EXISTS -> throw new S3Exception(S3ErrorCode.PRECONDITION_FAILED,
              "If-None-Match: '*' but key '" + key.key() + "' exists (expected: no object)")
              .withDetail("Condition", "If-None-Match");
          case IS_DIRECTORY -> throw Store.keyIsPrefix(key.key());
          case STALE, NOT_FOUND -> last = e;
          default -> throw e;
        }
      }
    }
    throw ErrorKindMap.toS3(last);
  }
}
