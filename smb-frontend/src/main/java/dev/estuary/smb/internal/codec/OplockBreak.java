package dev.estuary.smb.internal.codec;

import io.netty.buffer.ByteBuf;
import java.util.Objects;

/**
 * SMB2 OPLOCK_BREAK messages ([MS-SMB2] 2.2.23-2.2.25): the oplock form (StructureSize 24: notification,
 * acknowledgment and response share it) and the lease forms (notification 44, acknowledgment and response 36).
 * The decoder tells them apart by StructureSize, as 3.3.5.22 does.
 */
public final class OplockBreak {
  private OplockBreak() {}

  /**
   * Oplock break notification, acknowledgment or response (2.2.23.1, 2.2.24.1, 2.2.25.1).
   *
   * @param oplockLevel OplockLevel
   * @param fileId FileId
   */
  public record Oplock(int oplockLevel, FileId fileId) implements SmbMessage {
    /** Validates. */
    public Oplock {
      Objects.requireNonNull(fileId, "fileId");
    }

    @Override
    public SmbCommand command() {
      return SmbCommand.OPLOCK_BREAK;
    }

    @Override
    public void encodeBody(ByteBuf out) {
      out.writeShortLE(24);
      out.writeByte(oplockLevel);
      out.writeByte(0);
      out.writeIntLE(0);
      fileId.encode(out);
    }
  }

  /**
   * Lease break notification (2.2.23.2), sent by the server.
   *
   * @param newEpoch NewEpoch
   * @param flags Flags (SMB2_NOTIFY_BREAK_LEASE_FLAG_ACK_REQUIRED)
   * @param leaseKey LeaseKey
   * @param currentLeaseState CurrentLeaseState
   * @param newLeaseState NewLeaseState
   */
  public record LeaseNotification(int newEpoch, int flags, Bytes leaseKey, int currentLeaseState,
      int newLeaseState) implements SmbMessage {
    /** Validates. */
    public LeaseNotification {
      Objects.requireNonNull(leaseKey, "leaseKey");
      if (leaseKey.length() != 16) {
        throw new IllegalArgumentException("leaseKey: " + leaseKey.length() + " bytes (expected: 16)");
      }
    }

    @Override
    public SmbCommand command() {
      return SmbCommand.OPLOCK_BREAK;
    }

    @Override
    public void encodeBody(ByteBuf out) {
      out.writeShortLE(44);
      out.writeShortLE(newEpoch);
      out.writeIntLE(flags);
      leaseKey.writeTo(out);
      out.writeIntLE(currentLeaseState);
      out.writeIntLE(newLeaseState);
      out.writeIntLE(0);
      out.writeIntLE(0);
      out.writeIntLE(0);
    }
  }

  /**
   * Lease break acknowledgment (2.2.24.2) or response (2.2.25.2).
   *
   * @param flags Flags
   * @param leaseKey LeaseKey
   * @param leaseState LeaseState
   */
  public record LeaseAck(int flags, Bytes leaseKey, int leaseState) implements SmbMessage {
    /** Validates. */
    public LeaseAck {
      Objects.requireNonNull(leaseKey, "leaseKey");
      if (leaseKey.length() != 16) {
        throw new IllegalArgumentException("leaseKey: " + leaseKey.length() + " bytes (expected: 16)");
      }
    }

    @Override
    public SmbCommand command() {
      return SmbCommand.OPLOCK_BREAK;
    }

    @Override
    public void encodeBody(ByteBuf out) {
      out.writeShortLE(36);
      out.writeShortLE(0);
      out.writeIntLE(flags);
      leaseKey.writeTo(out);
      out.writeIntLE(leaseState);
      out.writeLongLE(0);
    }
  }

  /** Decodes any of the forms by StructureSize; other sizes are STATUS_INVALID_PARAMETER (3.3.5.22). */
  public static SmbMessage decode(BodyReader r) throws SmbDecodeException {
    int size = r.bodyLength() >= 2 ? r.u16(0) : -1;
    switch (size) {
      case 24 -> {
        r.expectStructure("OPLOCK_BREAK", 24);
        return new Oplock(r.u8(2), r.fileId(8));
      }
      case 36 -> {
        r.expectStructure("LEASE_BREAK acknowledgment", 36);
        return new LeaseAck(r.i32(4), r.fixed(8, 16), r.i32(24));
      }
      case 44 -> {
        r.expectStructure("LEASE_BREAK notification", 44);
        return new LeaseNotification(r.u16(2), r.i32(4), r.fixed(8, 16), r.i32(24), r.i32(28));
      }
      default -> throw new SmbDecodeException("OPLOCK_BREAK StructureSize: " + size + " (expected: 24, 36 or 44)");
    }
  }
}
