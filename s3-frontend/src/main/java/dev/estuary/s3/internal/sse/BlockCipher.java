package dev.estuary.s3.internal.sse;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The on-disk format of an encrypted object: authenticated encryption with random access, so a
 * range GET decrypts only the blocks it touches.
 *
 * <p>The plaintext is cut into <em>segments</em> (a PUT is one segment; a multipart object has one
 * per part, each encrypted when it was uploaded, so completion only concatenates ciphertext). A
 * segment is cut into blocks of {@link #BLOCK} bytes (the last may be shorter), each stored as its
 * AES-256-GCM ciphertext followed by its 16-byte tag, so a segment of {@code n} bytes takes {@code
 * n + 16 * ceil(n / BLOCK)} bytes on disk ({@link #cipherLength}).
 *
 * <p>Keys and nonces: every segment has a random 16-byte salt; its block key is {@code
 * HMAC-SHA256(objectKey, "estuary-sse-block-key" || salt)}, so no two segments share a key even
 * under one customer key (SSE-C), and the nonce of block {@code i} can be the block index itself
 * (NIST SP 800-38D §8.2.1, deterministic construction: unique per key). The additional data is one
 * byte, 1 for the segment's last block and 0 otherwise, so cutting a segment short at a block
 * boundary fails authentication instead of reading as a shorter object.
 */
public final class BlockCipher {
  /** Plaintext bytes per block. */
  public static final int BLOCK = 64 * 1024;
  /** GCM tag bytes per block. */
  public static final int TAG = 16;
  /** Salt bytes per segment. */
  public static final int SALT = 16;

  private static final byte[] LABEL = "estuary-sse-block-key".getBytes(StandardCharsets.US_ASCII);

  private final Cipher cipher;
  private final SecretKeySpec key;
  private final int mode;
  private final byte[] nonce = new byte[12];
  private final byte[] aad = new byte[1];

  private BlockCipher(byte[] objectKey, byte[] salt, int mode) {
    this.mode = mode;
    this.key = new SecretKeySpec(derive(objectKey, salt), "AES");
    try {
      this.cipher = Cipher.getInstance("AES/GCM/NoPadding");
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-256-GCM is required of every JDK", e);
    }
  }

  /**
   * Returns a cipher that encrypts the blocks of one segment.
   *
   * @param objectKey the object's key (the customer key, or the SSE-S3 data key)
   * @param salt the segment's salt
   * @return the cipher
   */
  public static BlockCipher encryptor(byte[] objectKey, byte[] salt) {
    return new BlockCipher(objectKey, salt, Cipher.ENCRYPT_MODE);
  }

  /**
   * Returns a cipher that decrypts the blocks of one segment.
   *
   * @param objectKey the object's key
   * @param salt the segment's salt
   * @return the cipher
   */
  public static BlockCipher decryptor(byte[] objectKey, byte[] salt) {
    return new BlockCipher(objectKey, salt, Cipher.DECRYPT_MODE);
  }

  /**
   * Returns the stored length of a segment.
   *
   * @param plainLength its plaintext length
   * @return plaintext plus one tag per block
   */
  public static long cipherLength(long plainLength) {
    return plainLength + TAG * ((plainLength + BLOCK - 1) / BLOCK);
  }

  /**
   * Encrypts or decrypts one block.
   *
   * @param index the block's index in its segment
   * @param last whether it is the segment's last block
   * @param in the block (plaintext, or ciphertext with its tag), consumed
   * @param out where the result goes
   * @throws SecurityException when a block does not authenticate (wrong key or altered data)
   */
  public void block(long index, boolean last, ByteBuffer in, ByteBuffer out) {
    ByteBuffer.wrap(nonce).putInt(0).putLong(index);
    aad[0] = (byte) (last ? 1 : 0);
    try {
      cipher.init(mode, key, new GCMParameterSpec(TAG * 8, nonce));
      cipher.updateAAD(aad);
      cipher.doFinal(in, out);
    } catch (AEADBadTagException e) {
      throw new SecurityException("block " + index + " does not authenticate", e);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-256-GCM block " + index + ": " + e.getMessage(), e);
    }
  }

  /**
   * Computes HMAC-SHA256.
   *
   * @param key the key
   * @param parts the message, concatenated
   * @return the 32-byte MAC
   */
  public static byte[] hmac(byte[] key, byte[]... parts) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      for (byte[] p : parts) {
        mac.update(p);
      }
      return mac.doFinal();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HMAC-SHA256 is required of every JDK", e);
    }
  }

  private static byte[] derive(byte[] objectKey, byte[] salt) {
    return hmac(objectKey, LABEL, salt);
  }
}
