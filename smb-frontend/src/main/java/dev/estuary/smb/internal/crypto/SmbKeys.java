package dev.estuary.smb.internal.crypto;

import dev.estuary.smb.internal.codec.Negotiate;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/**
 * A session's keys ([MS-SMB2] 3.3.5.5.3 step "generate keys"; labels and contexts from 3.1.4.2). Named from
 * the server's side: the server signs with {@link #signingKey}, encrypts what it sends with
 * {@link #encryptionKey} (the client's ServerOut / S2C key) and decrypts what it receives with
 * {@link #decryptionKey} (ServerIn / C2S).
 *
 * @param sessionKey Session.SessionKey: the first 16 bytes of the GSS session key (3.3.5.5.3)
 * @param signingKey signing key (2.x: the session key itself)
 * @param encryptionKey server-to-client cipher key (3.x), empty for 2.x
 * @param decryptionKey client-to-server cipher key (3.x), empty for 2.x
 * @param applicationKey application key (3.x), empty for 2.x
 */
public record SmbKeys(byte[] sessionKey, byte[] signingKey, byte[] encryptionKey, byte[] decryptionKey,
    byte[] applicationKey) {

  /** Copies the arrays so the record stays immutable. */
  public SmbKeys {
    sessionKey = sessionKey.clone();
    signingKey = signingKey.clone();
    encryptionKey = encryptionKey.clone();
    decryptionKey = decryptionKey.clone();
    applicationKey = applicationKey.clone();
  }

  @Override
  public byte[] sessionKey() {
    return sessionKey.clone();
  }

  @Override
  public byte[] signingKey() {
    return signingKey.clone();
  }

  @Override
  public byte[] encryptionKey() {
    return encryptionKey.clone();
  }

  @Override
  public byte[] decryptionKey() {
    return decryptionKey.clone();
  }

  @Override
  public byte[] applicationKey() {
    return applicationKey.clone();
  }

  @Override
  public String toString() {
    return "SmbKeys[redacted]";
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SmbKeys k && Arrays.equals(sessionKey, k.sessionKey) && Arrays.equals(signingKey,
        k.signingKey) && Arrays.equals(encryptionKey, k.encryptionKey) && Arrays.equals(decryptionKey,
        k.decryptionKey) && Arrays.equals(applicationKey, k.applicationKey);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(signingKey);
  }

  /**
   * Derives the keys for {@code dialect}.
   *
   * @param dialect the negotiated dialect revision
   * @param gssKey the full session key from authentication (NTLM's ExportedSessionKey, 16 bytes)
   * @param preauthHash Session.PreauthIntegrityHashValue (64 bytes) for 3.1.1, ignored otherwise
   * @param cipher the negotiated cipher ({@link Cipher}), or null if none; 256-bit ciphers need 256-bit keys
   */
  public static SmbKeys derive(int dialect, byte[] gssKey, byte[] preauthHash, @Nullable Cipher cipher) {
    if (gssKey.length < 16) {
      throw new IllegalArgumentException("gssKey: " + gssKey.length + " bytes (expected: >= 16)");
    }
    byte[] sessionKey = Arrays.copyOf(gssKey, 16);
    switch (dialect) {
      case Negotiate.SMB_2_0_2, Negotiate.SMB_2_1 -> {
        // 3.1.4.1: 2.x signs with HMAC-SHA256 under the session key; no other keys exist.
        return new SmbKeys(sessionKey, sessionKey, new byte[0], new byte[0], new byte[0]);
      }
      case Negotiate.SMB_3_0, Negotiate.SMB_3_0_2 -> {
        return new SmbKeys(sessionKey,
            Kdf.derive(sessionKey, z("SMB2AESCMAC"), z("SmbSign"), 128),
            Kdf.derive(sessionKey, z("SMB2AESCCM"), z("ServerOut"), 128),
            Kdf.derive(sessionKey, z("SMB2AESCCM"), z("ServerIn "), 128),
            Kdf.derive(sessionKey, z("SMB2APP"), z("SmbRpc"), 128));
      }
      case Negotiate.SMB_3_1_1 -> {
        if (preauthHash.length != 64) {
          throw new IllegalArgumentException("preauthHash: " + preauthHash.length + " bytes (expected: 64)");
        }
        // 3.2.5.3.1/3.3.5.5.3: AES-256 ciphers derive 256-bit keys from the full session key.
        boolean wide = cipher != null && cipher.keyBytes() == 32;
        byte[] cipherKeyInput = wide ? gssKey : sessionKey;
        int bits = wide ? 256 : 128;
        return new SmbKeys(sessionKey,
            Kdf.derive(sessionKey, z("SMBSigningKey"), preauthHash, 128),
            Kdf.derive(cipherKeyInput, z("SMBS2CCipherKey"), preauthHash, bits),
            Kdf.derive(cipherKeyInput, z("SMBC2SCipherKey"), preauthHash, bits),
            Kdf.derive(sessionKey, z("SMBAppKey"), preauthHash, 128));
      }
      default -> throw new IllegalArgumentException(String.format("dialect: 0x%04X (expected: 0x0202, 0x0210,"
          + " 0x0300, 0x0302 or 0x0311)", dialect));
    }
  }

  /** The ASCII string with its terminating NUL, as the labels are defined. */
  private static byte[] z(String s) {
    byte[] a = s.getBytes(StandardCharsets.US_ASCII);
    return Arrays.copyOf(a, a.length + 1);
  }
}
