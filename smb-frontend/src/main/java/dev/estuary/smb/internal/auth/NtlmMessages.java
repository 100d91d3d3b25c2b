package dev.estuary.smb.internal.auth;

import dev.estuary.smb.internal.codec.Bytes;
import dev.estuary.smb.internal.codec.NtStatus;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/** NTLMSSP messages ([MS-NLMP] 2.2.1.1 NEGOTIATE, 2.2.1.2 CHALLENGE, 2.2.1.3 AUTHENTICATE). */
public final class NtlmMessages {
  private NtlmMessages() {}

  /** Signature "NTLMSSP\0" read little-endian. */
  private static final long SIGNATURE = 0x005053534D4C544EL;

  /** NTLMSSP_NEGOTIATE_UNICODE. */
  public static final int NEGOTIATE_UNICODE = 0x00000001;
  /** NTLMSSP_REQUEST_TARGET. */
  public static final int REQUEST_TARGET = 0x00000004;
  /** NTLMSSP_NEGOTIATE_SIGN. */
  public static final int NEGOTIATE_SIGN = 0x00000010;
  /** NTLMSSP_NEGOTIATE_SEAL. */
  public static final int NEGOTIATE_SEAL = 0x00000020;
  /** NTLMSSP_NEGOTIATE_NTLM. */
  public static final int NEGOTIATE_NTLM = 0x00000200;
  /** NTLMSSP_ANONYMOUS. */
  public static final int ANONYMOUS = 0x00000800;
  /** NTLMSSP_NEGOTIATE_ALWAYS_SIGN. */
  public static final int NEGOTIATE_ALWAYS_SIGN = 0x00008000;
  /** NTLMSSP_TARGET_TYPE_SERVER. */
  public static final int TARGET_TYPE_SERVER = 0x00020000;
  /** NTLMSSP_NEGOTIATE_EXTENDED_SESSIONSECURITY. */
  public static final int NEGOTIATE_EXTENDED_SESSIONSECURITY = 0x00080000;
  /** NTLMSSP_NEGOTIATE_TARGET_INFO. */
  public static final int NEGOTIATE_TARGET_INFO = 0x00800000;
  /** NTLMSSP_NEGOTIATE_VERSION. */
  public static final int NEGOTIATE_VERSION = 0x02000000;
  /** NTLMSSP_NEGOTIATE_128. */
  public static final int NEGOTIATE_128 = 0x20000000;
  /** NTLMSSP_NEGOTIATE_KEY_EXCH. */
  public static final int NEGOTIATE_KEY_EXCH = 0x40000000;
  /** NTLMSSP_NEGOTIATE_56. */
  public static final int NEGOTIATE_56 = 0x80000000;

  /** Largest message accepted (the SPNEGO token holding it is at most 64 KiB). */
  public static final int MAX_MESSAGE = 0xFFFF;

  /**
   * NEGOTIATE_MESSAGE; the domain and workstation fields are ignored by servers (2.2.1.1).
   *
   * @param flags NegotiateFlags
   */
  public record Negotiate(int flags) {
    /** Decodes it. */
    public static Negotiate decode(Bytes msg) throws AuthException {
      ByteBuf b = open(msg, 1, 16);
      return new Negotiate(b.getIntLE(12));
    }

    /** Encodes it (clients; tests). */
    public Bytes encode() {
      ByteBuf b = Unpooled.buffer(32);
      b.writeLongLE(SIGNATURE);
      b.writeIntLE(1);
      b.writeIntLE(flags);
      b.writeZero(16);
      return toBytes(b);
    }
  }

  /**
   * CHALLENGE_MESSAGE.
   *
   * @param flags NegotiateFlags
   * @param targetName TargetName
   * @param serverChallenge ServerChallenge (8 bytes)
   * @param targetInfo TargetInfo
   * @param version Version (8 bytes)
   */
  public record Challenge(int flags, String targetName, Bytes serverChallenge, AvPairs targetInfo, Bytes version) {
    /** Validates. */
    public Challenge {
      Objects.requireNonNull(targetName, "targetName");
      Objects.requireNonNull(targetInfo, "targetInfo");
      if (serverChallenge.length() != 8 || version.length() != 8) {
        throw new IllegalArgumentException("serverChallenge/version: " + serverChallenge.length() + "/"
            + version.length() + " bytes (expected: 8/8)");
      }
    }

    /** Encodes it: the fixed 56 bytes, TargetName, then TargetInfo (the layout of [MS-NLMP] 4.2.4.3). */
    public Bytes encode() {
      byte[] name = targetName.getBytes(StandardCharsets.UTF_16LE);
      Bytes info = targetInfo.encode();
      ByteBuf b = Unpooled.buffer(56 + name.length + info.length());
      b.writeLongLE(SIGNATURE);
      b.writeIntLE(2);
      b.writeShortLE(name.length);
      b.writeShortLE(name.length);
      b.writeIntLE(56);
      b.writeIntLE(flags);
      serverChallenge.writeTo(b);
      b.writeLongLE(0);
      b.writeShortLE(info.length());
      b.writeShortLE(info.length());
      b.writeIntLE(56 + name.length);
      version.writeTo(b);
      b.writeBytes(name);
      info.writeTo(b);
      return toBytes(b);
    }

    /** Decodes it (clients; tests). */
    public static Challenge decode(Bytes msg) throws AuthException {
      ByteBuf b = open(msg, 2, 56);
      String name = field(b, 12, "TargetName").toString(StandardCharsets.UTF_16LE);
      AvPairs info = AvPairs.decode(Bytes.of(bytes(field(b, 40, "TargetInfo"))));
      return new Challenge(b.getIntLE(20), name, Bytes.of(bytes(b.slice(24, 8))), info,
          Bytes.of(bytes(b.slice(48, 8))));
    }
  }

  /**
   * AUTHENTICATE_MESSAGE.
   *
   * @param lmResponse LmChallengeResponse
   * @param ntResponse NtChallengeResponse
   * @param domain DomainName
   * @param user UserName
   * @param workstation Workstation
   * @param encryptedRandomSessionKey EncryptedRandomSessionKey
   * @param flags NegotiateFlags
   * @param mic MIC, or null when the payload starts before offset 88 (no MIC field)
   */
  public record Authenticate(Bytes lmResponse, Bytes ntResponse, String domain, String user, String workstation,
      Bytes encryptedRandomSessionKey, int flags, @Nullable Bytes mic) {
    /** Offset of the MIC field. */
    public static final int MIC_OFFSET = 72;

    /**
     * Decodes it. Every field must lie inside the message; the MIC field exists when no payload field starts
     * before offset 88 (2.2.1.3: the MIC follows Version).
     */
    public static Authenticate decode(Bytes msg) throws AuthException {
      ByteBuf b = open(msg, 3, 64);
      int flags = b.getIntLE(60);
      if ((flags & NEGOTIATE_UNICODE) == 0) {
        throw new AuthException(NtStatus.INVALID_PARAMETER,
            "AUTHENTICATE flags: no NEGOTIATE_UNICODE (expected: Unicode strings)");
      }
      int minOffset = Integer.MAX_VALUE;
      for (int at : new int[] {12, 20, 28, 36, 44, 52}) {
        if (b.getUnsignedShortLE(at) > 0) {
          minOffset = Math.min(minOffset, b.getIntLE(at + 4));
        }
      }
      Bytes mic = null;
      if (minOffset >= 88 && b.readableBytes() >= 88) {
        mic = Bytes.of(bytes(b.slice(MIC_OFFSET, 16)));
      }
      return new Authenticate(
          Bytes.of(bytes(field(b, 12, "LmChallengeResponse"))),
          Bytes.of(bytes(field(b, 20, "NtChallengeResponse"))),
          utf16(field(b, 28, "DomainName")),
          utf16(field(b, 36, "UserName")),
          utf16(field(b, 44, "Workstation")),
          Bytes.of(bytes(field(b, 52, "EncryptedRandomSessionKey"))),
          flags, mic);
    }

    /** Whether this is an anonymous attempt ([MS-NLMP] 3.3.1: empty user and NT response). */
    public boolean isAnonymous() {
      return user.isEmpty() && ntResponse.length() == 0 && (lmResponse.length() == 0 || lmResponse.length() == 1);
    }
  }

  private static ByteBuf open(Bytes msg, int type, int minLength) throws AuthException {
    if (msg.length() < minLength || msg.length() > MAX_MESSAGE) {
      throw new AuthException(NtStatus.INVALID_PARAMETER, "NTLMSSP message: " + msg.length()
          + " bytes (expected: " + minLength + ".." + MAX_MESSAGE + ")");
    }
    ByteBuf b = Unpooled.wrappedBuffer(msg.asReadOnlyBuffer());
    if (b.getLongLE(0) != SIGNATURE || b.getIntLE(8) != type) {
      throw new AuthException(NtStatus.INVALID_PARAMETER, "NTLMSSP message: signature/type " + b.getIntLE(8)
          + " (expected: NTLMSSP\\0 type " + type + ")");
    }
    return b;
  }

  /** A Len/MaxLen/Offset field at {@code at}, bounds-checked. */
  private static ByteBuf field(ByteBuf b, int at, String name) throws AuthException {
    int len = b.getUnsignedShortLE(at);
    long off = Integer.toUnsignedLong(b.getIntLE(at + 4));
    if (len == 0) {
      return Unpooled.EMPTY_BUFFER;
    }
    if (off + len > b.readableBytes()) {
      throw new AuthException(NtStatus.INVALID_PARAMETER, name + ": offset " + off + " length " + len
          + " (expected: inside the " + b.readableBytes() + "-byte message)");
    }
    return b.slice((int) off, len);
  }

  private static String utf16(ByteBuf b) throws AuthException {
    if ((b.readableBytes() & 1) != 0) {
      throw new AuthException(NtStatus.INVALID_PARAMETER, "NTLMSSP string: " + b.readableBytes()
          + " bytes (expected: even, UTF-16LE)");
    }
    return b.toString(StandardCharsets.UTF_16LE);
  }

  private static byte[] bytes(ByteBuf b) {
    byte[] a = new byte[b.readableBytes()];
    b.getBytes(b.readerIndex(), a);
    return a;
  }

  private static Bytes toBytes(ByteBuf b) {
    return Bytes.of(bytes(b));
  }
}
