package dev.estuary.smb.internal.codec;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A self-relative SECURITY_DESCRIPTOR ([MS-DTYP] 2.4.6) with an owner, a group and a DACL of simple ACEs
 * ([MS-DTYP] 2.4.4: ACCESS_ALLOWED_ACE and ACCESS_DENIED_ACE, a mask and a SID). SIDs travel as their
 * binary form ([MS-DTYP] 2.4.2.2); the SACL is never carried.
 *
 * @param owner the owner SID bytes, or null when absent
 * @param group the group SID bytes, or null when absent
 * @param dacl the DACL's ACEs, or null when the descriptor has no DACL
 */
public record SecurityDescriptor(@Nullable Bytes owner, @Nullable Bytes group, @Nullable List<Ace> dacl) {
  /** OWNER_SECURITY_INFORMATION. */
  public static final int OWNER = 0x1;
  /** GROUP_SECURITY_INFORMATION. */
  public static final int GROUP = 0x2;
  /** DACL_SECURITY_INFORMATION. */
  public static final int DACL = 0x4;
  /** SACL_SECURITY_INFORMATION. */
  public static final int SACL = 0x8;
  /**
   * PROTECTED_DACL_SECURITY_INFORMATION (0x80000000) and UNPROTECTED_DACL_SECURITY_INFORMATION (0x20000000),
   * [MS-DTYP] 2.4.7: whether the DACL inherits from the parent, which Windows sends with every DACL change.
   */
  public static final int DACL_PROTECTION = 0x80000000 | 0x20000000;
  /** ACCESS_ALLOWED_ACE_TYPE. */
  public static final int ACCESS_ALLOWED = 0;
  /** ACCESS_DENIED_ACE_TYPE. */
  public static final int ACCESS_DENIED = 1;
  private static final int SE_DACL_PRESENT = 0x0004;
  private static final int SE_SELF_RELATIVE = 0x8000;
  private static final int MAX_ACES = 1024;

  /**
   * One ACE.
   *
   * @param type AceType
   * @param flags AceFlags
   * @param mask the access mask
   * @param sid the SID bytes
   */
  public record Ace(int type, int flags, int mask, Bytes sid) {}

  /** Copies the list. */
  public SecurityDescriptor {
    dacl = dacl == null ? null : List.copyOf(dacl);
  }

  /**
   * Encodes it self-relative: header, owner, group, DACL.
   *
   * @return the bytes
   */
  public Bytes encode() {
    ByteBuf b = Unpooled.buffer();
    b.writeByte(1);
    b.writeByte(0);
    b.writeShortLE(SE_SELF_RELATIVE | (dacl != null ? SE_DACL_PRESENT : 0));
    b.writeZero(16);
    int at = 20;
    if (owner != null) {
      b.setIntLE(4, at);
      owner.writeTo(b);
      at += owner.length();
    }
    if (group != null) {
      b.setIntLE(8, at);
      group.writeTo(b);
      at += group.length();
    }
    if (dacl != null) {
      b.setIntLE(16, at);
      int size = 8;
      for (Ace a : dacl) {
        size += 8 + a.sid().length();
      }
      b.writeByte(2);
      b.writeByte(0);
      b.writeShortLE(size);
      b.writeShortLE(dacl.size());
      b.writeShortLE(0);
      for (Ace a : dacl) {
        b.writeByte(a.type());
        b.writeByte(a.flags());
        b.writeShortLE(8 + a.sid().length());
        b.writeIntLE(a.mask());
        a.sid().writeTo(b);
      }
    }
    byte[] out = new byte[b.readableBytes()];
    b.readBytes(out);
    return Bytes.of(out);
  }

  /**
   * Decodes a self-relative descriptor, checking every offset and length against the buffer.
   *
   * @param data the bytes
   * @return the descriptor
   * @throws SmbDecodeException STATUS_INVALID_PARAMETER for a malformed one
   */
  public static SecurityDescriptor decode(Bytes data) throws SmbDecodeException {
    byte[] d = data.toArray();
    if (d.length < 20 || d[0] != 1) {
      throw new SmbDecodeException("security descriptor: " + d.length + " bytes, revision " + (d.length > 0
          ? d[0] : -1) + " (expected: >= 20 bytes, revision 1)");
    }
    ByteBuf b = Unpooled.wrappedBuffer(d);
    int control = b.getUnsignedShortLE(2);
    if ((control & SE_SELF_RELATIVE) == 0) {
      throw new SmbDecodeException("security descriptor control 0x" + Integer.toHexString(control)
          + " (expected: SE_SELF_RELATIVE)");
    }
    Bytes owner = sidAt(d, b.getIntLE(4));
    Bytes group = sidAt(d, b.getIntLE(8));
    int daclAt = b.getIntLE(16);
    List<Ace> aces = null;
    if ((control & SE_DACL_PRESENT) != 0 && daclAt != 0) {
      if (daclAt < 20 || daclAt + 8 > d.length) {
        throw new SmbDecodeException("DACL offset " + daclAt + " (expected: inside the " + d.length + " bytes)");
      }
      int size = b.getUnsignedShortLE(daclAt + 2);
      int count = b.getUnsignedShortLE(daclAt + 4);
      if (daclAt + size > d.length || count > MAX_ACES) {
        throw new SmbDecodeException("DACL size " + size + " count " + count + " (expected: inside the buffer, <= "
            + MAX_ACES + " ACEs)");
      }
      aces = new ArrayList<>();
      int pos = daclAt + 8;
      for (int i = 0; i < count; i++) {
        if (pos + 8 > daclAt + size) {
          throw new SmbDecodeException("ACE " + i + " at " + pos + ": past the DACL end " + (daclAt + size));
        }
        int aceSize = b.getUnsignedShortLE(pos + 2);
        if (aceSize < 16 || pos + aceSize > daclAt + size) {
          throw new SmbDecodeException("ACE " + i + " size " + aceSize + " (expected: >= 16, inside the DACL)");
        }
        Bytes sid = sidAt(d, pos + 8);
        if (sid == null || 8 + sid.length() > aceSize) {
          throw new SmbDecodeException("ACE " + i + ": SID does not fit its " + aceSize + " bytes");
        }
        aces.add(new Ace(b.getUnsignedByte(pos), b.getUnsignedByte(pos + 1), b.getIntLE(pos + 4), sid));
        pos += aceSize;
      }
    }
    return new SecurityDescriptor(owner, group, aces);
  }

  private static @Nullable Bytes sidAt(byte[] d, int at) throws SmbDecodeException {
    if (at == 0) {
      return null;
    }
    if (at < 0 || at + 8 > d.length) {
      throw new SmbDecodeException("SID offset " + at + " (expected: inside the " + d.length + " bytes)");
    }
    int len = 8 + 4 * (d[at + 1] & 0xFF);
    if (d[at] != 1 || (d[at + 1] & 0xFF) > 15 || at + len > d.length) {
      throw new SmbDecodeException("SID at " + at + ": revision " + d[at] + ", " + (d[at + 1] & 0xFF)
          + " sub-authorities (expected: revision 1, <= 15, inside the buffer)");
    }
    byte[] sid = new byte[len];
    System.arraycopy(d, at, sid, 0, len);
    return Bytes.of(sid);
  }
}
