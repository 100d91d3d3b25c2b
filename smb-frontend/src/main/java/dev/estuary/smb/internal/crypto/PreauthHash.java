package dev.estuary.smb.internal.crypto;

import io.netty.buffer.ByteBuf;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;

/**
 * The SMB 3.1.1 preauth integrity hash ([MS-SMB2] 3.3.5.4, 3.3.5.5): H(i) = SHA-512(H(i-1) || message),
 * starting from 64 zero bytes, over the NEGOTIATE request and response (connection) and then each
 * SESSION_SETUP request and response except the final successful response (session).
 */
public final class PreauthHash {
  /** Hash length. */
  public static final int SIZE = 64;

  private PreauthHash() {}

  /** The starting value: 64 zero bytes. */
  public static byte[] initial() {
    return new byte[SIZE];
  }

  /** Chains {@code message[index, index + length)} into {@code previous}. */
  public static byte[] next(byte[] previous, ByteBuf message, int index, int length) {
    if (previous.length != SIZE) {
      throw new IllegalArgumentException("previous: " + previous.length + " bytes (expected: 64)");
    }
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-512");
      sha.update(previous);
      byte[] m = new byte[length];
      message.getBytes(index, m);
      sha.update(m);
      return sha.digest();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("SHA-512 is required of every JDK", e);
    }
  }
}
