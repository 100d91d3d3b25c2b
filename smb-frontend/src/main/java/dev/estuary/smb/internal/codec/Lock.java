package dev.estuary.smb.internal.codec;

import io.netty.buffer.ByteBuf;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** SMB2 LOCK request ([MS-SMB2] 2.2.26); the response is {@link SimpleMessages.Empty}. */
public final class Lock {
  private Lock() {}

  /** SMB2_LOCKFLAG_SHARED_LOCK. */
  public static final int SHARED = 0x01;
  /** SMB2_LOCKFLAG_EXCLUSIVE_LOCK. */
  public static final int EXCLUSIVE = 0x02;
  /** SMB2_LOCKFLAG_UNLOCK. */
  public static final int UNLOCK = 0x04;
  /** SMB2_LOCKFLAG_FAIL_IMMEDIATELY. */
  public static final int FAIL_IMMEDIATELY = 0x10;
  /** Most elements in one request (Windows caps at 64 per 3.3.5.14's implementation notes). */
  public static final int MAX_LOCKS = 64;

  /**
   * SMB2_LOCK_ELEMENT (2.2.26.1).
   *
   * @param offset Offset
   * @param length Length
   * @param flags Flags
   */
  public record Element(long offset, long length, int flags) {}

  /**
   * LOCK request.
   *
   * @param lockSequence LockSequenceNumber (4 bits) and LockSequenceIndex (28 bits)
   * @param fileId FileId
   * @param locks Locks
   */
  public record Request(int lockSequence, FileId fileId, List<Element> locks) implements SmbMessage {
    /** Validates and copies. */
    public Request {
      Objects.requireNonNull(fileId, "fileId");
      locks = List.copyOf(locks);
      if (locks.isEmpty() || locks.size() > MAX_LOCKS) {
        throw new IllegalArgumentException("locks: " + locks.size() + " (expected: 1.." + MAX_LOCKS + ")");
      }
    }

    @Override
    public SmbCommand command() {
      return SmbCommand.LOCK;
    }

    /** Decodes it; LockCount 0 is STATUS_INVALID_PARAMETER (3.3.5.14). */
    public static Request decode(BodyReader r) throws SmbDecodeException {
      r.expectStructure("LOCK request", 48);
      int count = r.u16(2);
      if (count < 1 || count > MAX_LOCKS) {
        throw new SmbDecodeException("LockCount: " + count + " (expected: 1.." + MAX_LOCKS + ")");
      }
      r.need("Locks", 24, 24L * count);
      List<Element> locks = new ArrayList<>(count);
      for (int i = 0; i < count; i++) {
        int at = 24 + 24 * i;
        locks.add(new Element(r.i64(at), r.i64(at + 8), r.i32(at + 16)));
      }
      return new Request(r.i32(4), r.fileId(8), locks);
    }

    @Override
    public void encodeBody(ByteBuf out) {
      out.writeShortLE(48);
      out.writeShortLE(locks.size());
      out.writeIntLE(lockSequence);
      fileId.encode(out);
      for (Element e : locks) {
        out.writeLongLE(e.offset());
        out.writeLongLE(e.length());
        out.writeIntLE(e.flags());
        out.writeIntLE(0);
      }
    }
  }
}
