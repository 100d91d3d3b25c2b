package dev.estuary.core.internal.identity;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import org.bouncycastle.crypto.digests.MD4Digest;

/**
 * The NT hash NTLMv2 is keyed with: MD4 of the UTF-16LE password ([MS-NLMP] 3.3.1, {@code
 * NTOWFv1}). It is password-equivalent for SMB, so it is stored as a secret.
 */
public final class NtHash {
  private NtHash() {}

  /**
   * Computes the NT hash.
   *
   * @param password the password
   * @return 16 bytes as lower-case hex
   */
  public static String of(String password) {
    byte[] in = password.getBytes(StandardCharsets.UTF_16LE);
    MD4Digest md4 = new MD4Digest();
    md4.update(in, 0, in.length);
    byte[] out = new byte[md4.getDigestSize()];
    md4.doFinal(out, 0);
    return HexFormat.of().formatHex(out);
  }
}
