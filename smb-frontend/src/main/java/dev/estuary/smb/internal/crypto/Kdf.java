package dev.estuary.smb.internal.crypto;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * SP800-108 key derivation in counter mode with HMAC-SHA256 as the PRF, r = 32, as [MS-SMB2] 3.1.4.2
 * specifies: K(i) = HMAC-SHA256(Ki, [i]32 || Label || 0x00 || Context || [L]32), output the first L bits.
 */
public final class Kdf {
  private Kdf() {}

  /** Derives {@code bits} (128 or 256) bits of key from {@code key}. */
  public static byte[] derive(byte[] key, byte[] label, byte[] context, int bits) {
    if (bits != 128 && bits != 256) {
      throw new IllegalArgumentException("bits: " + bits + " (expected: 128 or 256)");
    }
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      // One HMAC-SHA256 block is 256 bits, so a single iteration (i = 1) covers both lengths.
      mac.update(ByteBuffer.allocate(4).putInt(1).array());
      mac.update(label);
      mac.update((byte) 0);
      mac.update(context);
      mac.update(ByteBuffer.allocate(4).putInt(bits).array());
      byte[] out = mac.doFinal();
      byte[] k = new byte[bits / 8];
      System.arraycopy(out, 0, k, 0, k.length);
      return k;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is required of every JDK", e);
    }
  }
}
