package dev.estuary.smb.internal.crypto;

import dev.estuary.smb.internal.codec.Smb2Header;
import io.netty.buffer.ByteBuf;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Objects;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.crypto.engines.AESEngine;
import org.bouncycastle.crypto.macs.CMac;
import org.bouncycastle.crypto.params.KeyParameter;

/**
 * Signs and verifies single SMB2 messages ([MS-SMB2] 3.1.4.1 sign, 3.1.5.1 verify): the MAC covers the whole
 * message (header with a zeroed Signature, body and any compound padding) and its first 16 bytes go into
 * the Signature field. Immutable and thread-safe: each call builds its own MAC object.
 */
public final class Signer {
  private static final int SIG = Smb2Header.SIGNATURE_OFFSET;
  /** The most bytes of a direct buffer copied at once for BouncyCastle's CMAC. */
  private static final int CMAC_SCRATCH = 64 * 1024;

  private final SigningAlgorithm algorithm;
  private final byte[] key;

  /** A signer with {@code key} (the session key for HMAC-SHA256, the derived signing key otherwise). */
  public Signer(SigningAlgorithm algorithm, byte[] key) {
    this.algorithm = Objects.requireNonNull(algorithm, "algorithm");
    if (key.length != 16) {
      throw new IllegalArgumentException("key: " + key.length + " bytes (expected: 16)");
    }
    this.key = key.clone();
  }

  /** The algorithm. */
  public SigningAlgorithm algorithm() {
    return algorithm;
  }

  /**
   * Computes the signature of the message {@code buf[index, index + length)} as if its Signature field were
   * zero, without modifying the buffer. HMAC-SHA256 and AES-CMAC read the message from the buffer (only the
   * 64-byte header is copied, to zero its Signature); AES-GMAC gets it as one array.
   */
  public byte[] compute(ByteBuf buf, int index, int length) {
    if (length < Smb2Header.SIZE || index < 0 || index + length > buf.writerIndex()) {
      throw new IllegalArgumentException("message [" + index + ", +" + length + ") (expected: >= 64 bytes inside"
          + " the buffer)");
    }
    if (algorithm == SigningAlgorithm.AES_GMAC) {
      // The JDK buffers all associated data until doFinal, growing its buffer by copying on every
      // updateAAD: a received frame is composed of many socket reads, so the message goes in as one array.
      byte[] msg = new byte[length];
      buf.getBytes(index, msg);
      java.util.Arrays.fill(msg, SIG, SIG + 16, (byte) 0);
      return gmac(msg);
    }
    byte[] header = new byte[Smb2Header.SIZE];
    buf.getBytes(index, header);
    java.util.Arrays.fill(header, SIG, SIG + 16, (byte) 0);
    ByteBuffer[] rest = length == Smb2Header.SIZE ? new ByteBuffer[0]
        : buf.nioBuffers(index + Smb2Header.SIZE, length - Smb2Header.SIZE);
    return algorithm == SigningAlgorithm.HMAC_SHA256 ? hmac(header, rest) : cmac(header, rest);
  }

  /** Sets SMB2_FLAGS_SIGNED and writes the signature into the message in place (3.1.4.1). */
  public void sign(ByteBuf buf, int index, int length) {
    buf.setIntLE(index + 16, buf.getIntLE(index + 16) | Smb2Header.FLAG_SIGNED);
    buf.setBytes(index + SIG, compute(buf, index, length));
  }

  /** Whether the message's Signature matches (constant-time). */
  public boolean verify(ByteBuf buf, int index, int length) {
    byte[] expected = compute(buf, index, length);
    byte[] actual = new byte[16];
    buf.getBytes(index + SIG, actual);
    return MessageDigest.isEqual(expected, actual);
  }

  private byte[] hmac(byte[] header, ByteBuffer[] rest) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      mac.update(header);
      for (ByteBuffer b : rest) {
        mac.update(b);
      }
      return java.util.Arrays.copyOf(mac.doFinal(), 16);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is required of every JDK", e);
    }
  }

  private byte[] cmac(byte[] header, ByteBuffer[] rest) {
    // The JDK has no AES-CMAC (smb.md §1.2), hence BouncyCastle, which takes arrays: a direct buffer's
    // bytes go through a bounded scratch array.
    CMac mac = new CMac(AESEngine.newInstance());
    mac.init(new KeyParameter(key));
    mac.update(header, 0, header.length);
    byte[] scratch = null;
    for (ByteBuffer b : rest) {
      if (b.hasArray()) {
        mac.update(b.array(), b.arrayOffset() + b.position(), b.remaining());
        continue;
      }
      if (scratch == null) {
        scratch = new byte[Math.min(CMAC_SCRATCH, b.remaining())];
      }
      while (b.hasRemaining()) {
        int n = Math.min(scratch.length, b.remaining());
        b.get(scratch, 0, n);
        mac.update(scratch, 0, n);
      }
    }
    byte[] out = new byte[16];
    mac.doFinal(out, 0);
    return out;
  }

  /**
   * AES-128-GMAC (3.1.4.1): AES-GCM with the message as associated data and no plaintext. The 12-byte nonce
   * is the MessageId, then a 32-bit word whose bit 0 says the server sent it and bit 1 that it is a CANCEL,
   * so a request and its response, or a CANCEL and the request it cancels, never share a nonce.
   */
  private byte[] gmac(byte[] msg) {
    byte[] nonce = new byte[12];
    System.arraycopy(msg, 24, nonce, 0, 8);
    int flags = (msg[16] & 0xFF) | (msg[17] & 0xFF) << 8;
    int command = (msg[12] & 0xFF) | (msg[13] & 0xFF) << 8;
    int role = (flags & Smb2Header.FLAG_RESPONSE) != 0 ? 1 : 0;
    int cancel = command == 0x000C ? 2 : 0;
    nonce[8] = (byte) (role | cancel);
    try {
      javax.crypto.Cipher gcm = javax.crypto.Cipher.getInstance("AES/GCM/NoPadding");
      gcm.init(javax.crypto.Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new GCMParameterSpec(128, nonce));
      gcm.updateAAD(msg);
      return gcm.doFinal();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES/GCM is required of every JDK", e);
    }
  }
}
