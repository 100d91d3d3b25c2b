package dev.estuary.smb.internal.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import dev.estuary.smb.internal.codec.Bytes;
import dev.estuary.smb.internal.codec.MsBlogVectors;
import dev.estuary.smb.internal.codec.Negotiate;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.HexFormat;
import org.bouncycastle.crypto.engines.AESEngine;
import org.bouncycastle.crypto.macs.GMac;
import org.bouncycastle.crypto.modes.GCMBlockCipher;
import org.bouncycastle.crypto.params.KeyParameter;
import org.bouncycastle.crypto.params.ParametersWithIV;
import org.junit.jupiter.api.Test;

/**
 * The 3.1.1 preauth hash chain and AES-CMAC signing against the packets of Microsoft's "anatomy of signing
 * and cryptographic keys" blog (see {@link MsBlogVectors}); GMAC and HMAC-SHA256 cross-checked against
 * independent implementations.
 */
class SigningAndPreauthTest {
  private static ByteBuf buf(String hex) {
    return Unpooled.wrappedBuffer(HexFormat.of().parseHex(hex));
  }

  private static byte[] hex(String s) {
    return HexFormat.of().parseHex(s);
  }

  @Test
  void preauthHashChainsOverTheBlogsNegotiateAndSessionSetup() {
    byte[] h = PreauthHash.initial();
    String[][] steps = {
        {MsBlogVectors.NEGOTIATE_REQUEST, MsBlogVectors.HASH_AFTER_NEGOTIATE_REQUEST},
        {MsBlogVectors.NEGOTIATE_RESPONSE, MsBlogVectors.HASH_AFTER_NEGOTIATE_RESPONSE},
        {MsBlogVectors.SESSION_SETUP_REQUEST_1, MsBlogVectors.HASH_AFTER_SESSION_SETUP_REQUEST_1},
        {MsBlogVectors.SESSION_SETUP_RESPONSE_1, MsBlogVectors.HASH_AFTER_SESSION_SETUP_RESPONSE_1},
        {MsBlogVectors.SESSION_SETUP_REQUEST_2, MsBlogVectors.SESSION_PREAUTH_HASH},
    };
    for (String[] s : steps) {
      ByteBuf m = buf(s[0]);
      h = PreauthHash.next(h, m, 0, m.readableBytes());
      assertThat(HexFormat.of().withUpperCase().formatHex(h)).isEqualTo(s[1]);
    }
  }

  @Test
  void finalSessionSetupResponseSignatureMatchesTheBlog() {
    SmbKeys k = SmbKeys.derive(Negotiate.SMB_3_1_1, hex(MsBlogVectors.SESSION_KEY_311),
        hex(MsBlogVectors.SESSION_PREAUTH_HASH), null);
    Signer signer = new Signer(SigningAlgorithm.AES_CMAC, k.signingKey());
    ByteBuf m = buf(MsBlogVectors.SESSION_SETUP_RESPONSE_2);
    assertThat(Bytes.of(signer.compute(m, 0, m.readableBytes())))
        .isEqualTo(Bytes.hex(MsBlogVectors.SESSION_SETUP_RESPONSE_2_SIGNATURE));
    assertThat(signer.verify(m, 0, m.readableBytes())).isTrue();
    m.setByte(m.readableBytes() - 1, 1);
    assertThat(signer.verify(m, 0, m.readableBytes())).isFalse();
  }

  @Test
  void signWritesTheSignatureAndFlagAndVerifyAcceptsIt() {
    for (SigningAlgorithm a : SigningAlgorithm.values()) {
      Signer s = new Signer(a, new byte[16]);
      ByteBuf m = buf(MsBlogVectors.SESSION_SETUP_RESPONSE_1).copy();
      s.sign(m, 0, m.readableBytes());
      assertThat(m.getIntLE(16) & 0x8).isEqualTo(8);
      assertThat(s.verify(m, 0, m.readableBytes())).as(a.name()).isTrue();
      m.setByte(70, m.getByte(70) ^ 1);
      assertThat(s.verify(m, 0, m.readableBytes())).as(a.name()).isFalse();
    }
  }

  @Test
  void gmacIsAesGcmOverTheMessageWithTheMessageIdNonce() {
    byte[] key = hex("000102030405060708090a0b0c0d0e0f");
    ByteBuf m = buf(MsBlogVectors.SESSION_SETUP_RESPONSE_1).copy();
    byte[] got = new Signer(SigningAlgorithm.AES_GMAC, key).compute(m, 0, m.readableBytes());
    // Independent: BouncyCastle's GMac with nonce = MessageId (LE) || 0x00000001 (server sender, not CANCEL).
    byte[] msg = new byte[m.readableBytes()];
    m.getBytes(0, msg);
    java.util.Arrays.fill(msg, 48, 64, (byte) 0);
    byte[] nonce = new byte[12];
    System.arraycopy(msg, 24, nonce, 0, 8);
    nonce[8] = 1;
    GMac gmac = new GMac(GCMBlockCipher.newInstance(AESEngine.newInstance()), 128);
    gmac.init(new ParametersWithIV(new KeyParameter(key), nonce));
    gmac.update(msg, 0, msg.length);
    byte[] want = new byte[16];
    gmac.doFinal(want, 0);
    assertThat(got).isEqualTo(want);
  }

  @Test
  void hmacSha256IsTheFirst16BytesOfTheJdkMac() throws Exception {
    byte[] key = hex("00112233445566778899aabbccddeeff");
    ByteBuf m = buf(MsBlogVectors.NEGOTIATE_REQUEST);
    javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
    mac.init(new javax.crypto.spec.SecretKeySpec(key, "HmacSHA256"));
    byte[] msg = hex(MsBlogVectors.NEGOTIATE_REQUEST);
    byte[] want = java.util.Arrays.copyOf(mac.doFinal(msg), 16); // Signature field of this packet is zero
    assertThat(new Signer(SigningAlgorithm.HMAC_SHA256, key).compute(m, 0, m.readableBytes())).isEqualTo(want);
  }
}
