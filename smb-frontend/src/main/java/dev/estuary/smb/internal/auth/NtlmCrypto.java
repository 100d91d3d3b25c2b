package dev.estuary.smb.internal.auth;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Locale;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.crypto.digests.MD4Digest;

/** The NTLM functions of [MS-NLMP] 3.3.2 (NTLMv2), 3.4.5 (keys) and 3.4.4 (signatures). */
public final class NtlmCrypto {
  private NtlmCrypto() {}

  /** NTOWFv1 = MD4(UTF-16LE(password)): the NT hash the identity service stores. */
  public static byte[] ntHash(String password) {
    byte[] p = password.getBytes(StandardCharsets.UTF_16LE);
    MD4Digest md4 = new MD4Digest();
    md4.update(p, 0, p.length);
    byte[] out = new byte[16];
    md4.doFinal(out, 0);
    return out;
  }

  /** NTOWFv2 = HMAC-MD5(NT hash, UTF-16LE(Uppercase(user) || domain)); the domain is not uppercased. */
  public static byte[] ntowfV2(byte[] ntHash, String user, String domain) {
    return hmacMd5(ntHash, (user.toUpperCase(Locale.ROOT) + domain).getBytes(StandardCharsets.UTF_16LE));
  }

  /** HMAC-MD5 of the concatenated parts. */
  public static byte[] hmacMd5(byte[] key, byte[]... parts) {
    try {
      Mac mac = Mac.getInstance("HmacMD5");
      mac.init(new SecretKeySpec(key, "HmacMD5"));
      for (byte[] p : parts) {
        mac.update(p);
      }
      return mac.doFinal();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacMD5 is required of every JDK", e);
    }
  }

  /** RC4 of {@code data} under a fresh key schedule (RC4K in [MS-NLMP] 6). */
  public static byte[] rc4(byte[] key, byte[] data) {
    try {
      Cipher rc4 = Cipher.getInstance("ARCFOUR");
      rc4.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "ARCFOUR"));
      return rc4.doFinal(data);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("ARCFOUR (RC4) is missing from this JDK", e);
    }
  }

  /** MD5 of the concatenated parts. */
  public static byte[] md5(byte[]... parts) {
    try {
      MessageDigest md = MessageDigest.getInstance("MD5");
      for (byte[] p : parts) {
        md.update(p);
      }
      return md.digest();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("MD5 is required of every JDK", e);
    }
  }

  /** SIGNKEY (3.4.5.2) for one direction; {@code clientToServer} picks the magic constant. */
  public static byte[] signKey(byte[] exportedSessionKey, boolean clientToServer) {
    String magic = clientToServer ? "session key to client-to-server signing key magic constant"
        : "session key to server-to-client signing key magic constant";
    return md5(exportedSessionKey, z(magic));
  }

  /** SEALKEY (3.4.5.3) with NEGOTIATE_128 for one direction. */
  public static byte[] sealKey(byte[] exportedSessionKey, boolean clientToServer) {
    String magic = clientToServer ? "session key to client-to-server sealing key magic constant"
        : "session key to server-to-client sealing key magic constant";
    return md5(exportedSessionKey, z(magic));
  }

  /**
   * GSS_GetMIC with extended session security (3.4.4.2), sequence number {@code seq}, for the first message
   * of a direction (fresh RC4 state): Version 1, the first 8 bytes of HMAC-MD5(SignKey, seq || message),
   * RC4-sealed with SealKey when key exchange was negotiated, then seq. SPNEGO's mechListMIC is the one use.
   */
  public static byte[] getMic(byte[] exportedSessionKey, boolean clientToServer, int seq, byte[] message,
      boolean keyExchange) {
    byte[] seqBytes = {(byte) seq, (byte) (seq >>> 8), (byte) (seq >>> 16), (byte) (seq >>> 24)};
    byte[] checksum = Arrays.copyOf(hmacMd5(signKey(exportedSessionKey, clientToServer), seqBytes, message), 8);
    if (keyExchange) {
      checksum = rc4(sealKey(exportedSessionKey, clientToServer), checksum);
    }
    byte[] out = new byte[16];
    out[0] = 1;
    System.arraycopy(checksum, 0, out, 4, 8);
    System.arraycopy(seqBytes, 0, out, 12, 4);
    return out;
  }

  private static byte[] z(String s) {
    byte[] a = s.getBytes(StandardCharsets.US_ASCII);
    return Arrays.copyOf(a, a.length + 1);
  }
}
