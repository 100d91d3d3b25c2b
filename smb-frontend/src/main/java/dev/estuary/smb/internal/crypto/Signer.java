package dev.estuary.smb.internal.crypto;

import dev.estuary.smb.internal.codec.Smb2Header;
import io.netty.buffer.ByteBuf;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Objects;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.jspecify.annotations.Nullable;

/**
 * Signs and verifies single SMB2 messages ([MS-SMB2] 3.1.4.1 sign, 3.1.5.1 verify): the MAC covers the whole
 * message (header with a zeroed Signature, body and any compound padding) and its first 16 bytes go into
 * the Signature field. Immutable and thread-safe: each call builds its own MAC object.
 */
public final class Signer {
  private static final int SIG = Smb2Header.SIGNATURE_OFFSET;
  /** The most bytes AES-CMAC passes to the CBC cipher at once (its ciphertext is dropped). */
  private static final int CMAC_SCRATCH = 64 * 1024;

  private final SigningAlgorithm algorithm;
  private final byte[] key;
  /** AES-CMAC's subkeys K1 and K2 (RFC 4493 2.3), fixed per key; null for the other algorithms. */
  private final byte @Nullable [] k1;
  private final byte @Nullable [] k2;

  /** A signer with {@code key} (the session key for HMAC-SHA256, the derived signing key otherwise). */
  public Signer(SigningAlgorithm algorithm, byte[] key) {
    this.algorithm = Objects.requireNonNull(algorithm, "algorithm");
    if (key.length != 16) {
      throw new IllegalArgumentException("key: " + key.length + " bytes (expected: 16)");
    }
    this.key = key.clone();
    if (algorithm == SigningAlgorithm.AES_CMAC) {
      try {
        javax.crypto.Cipher ecb = javax.crypto.Cipher.getInstance("AES/ECB/NoPadding");
        ecb.init(javax.crypto.Cipher.ENCRYPT_MODE, new SecretKeySpec(this.key, "AES"));
        this.k1 = doubled(ecb.doFinal(new byte[16]));
        this.k2 = doubled(k1);
      } catch (GeneralSecurityException e) {
        throw new IllegalStateException("AES/ECB is required of every JDK", e);
      }
    } else {
      this.k1 = null;
      this.k2 = null;
    }
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

  /**
   * AES-CMAC (RFC 4493) on the JDK's AES, whose CBC mode runs as a CPU intrinsic (BouncyCastle's AES is
   * plain Java): CBC-MAC over all blocks but the last, then the last block XORed with subkey K1 when it is
   * complete, or padded (10*) and XORed with K2, encrypted as the final CBC block. The ciphertext of the
   * other blocks goes to a bounded scratch array and is dropped.
   */
  private byte[] cmac(byte[] header, ByteBuffer[] rest) {
    try {
      SecretKeySpec aes = new SecretKeySpec(key, "AES");
      javax.crypto.Cipher cbc = javax.crypto.Cipher.getInstance("AES/CBC/NoPadding");
      cbc.init(javax.crypto.Cipher.ENCRYPT_MODE, aes, new IvParameterSpec(new byte[16]));
      ByteBuffer[] parts = new ByteBuffer[rest.length + 1];
      parts[0] = ByteBuffer.wrap(header);
      System.arraycopy(rest, 0, parts, 1, rest.length);
      long total = 0;
      for (ByteBuffer b : parts) {
        total += b.remaining();
      }
      // Messages are at least 64 bytes, so there is a last block of 1-16 bytes and blocks before it.
      int lastLength = total % 16 == 0 ? 16 : (int) (total % 16);
      long before = total - lastLength;
      ByteBuffer scratch = ByteBuffer.allocate((int) Math.min(CMAC_SCRATCH, before) + 16);
      byte[] last = new byte[16];
      int lastFill = 0;
      for (ByteBuffer b : parts) {
        while (b.hasRemaining()) {
          if (before > 0) {
            int n = (int) Math.min(Math.min(before, b.remaining()), CMAC_SCRATCH);
            ByteBuffer piece = b.slice(b.position(), n);
            scratch.clear();
            cbc.update(piece, scratch);
            b.position(b.position() + n);
            before -= n;
          } else {
            int n = b.remaining();
            b.get(last, lastFill, n);
            lastFill += n;
          }
        }
      }
      byte[] sub = Objects.requireNonNull(lastLength == 16 ? k1 : k2, "AES-CMAC subkeys");
      if (lastLength < 16) {
        last[lastLength] = (byte) 0x80;
      }
      for (int i = 0; i < 16; i++) {
        last[i] ^= sub[i];
      }
      return cbc.doFinal(last);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES/CBC is required of every JDK", e);
    }
  }

  /** RFC 4493 2.3: the subkey step, a left shift by one bit with the constant 0x87 folded in on overflow. */
  private static byte[] doubled(byte[] in) {
    byte[] out = new byte[16];
    for (int i = 0; i < 16; i++) {
      out[i] = (byte) ((in[i] << 1) | (i < 15 ? (in[i + 1] & 0xFF) >>> 7 : 0));
    }
    if ((in[0] & 0x80) != 0) {
      out[15] ^= (byte) 0x87;
    }
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
