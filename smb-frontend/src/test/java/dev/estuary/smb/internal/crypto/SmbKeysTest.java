package dev.estuary.smb.internal.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.estuary.smb.internal.codec.Bytes;
import dev.estuary.smb.internal.codec.MsBlogVectors;
import dev.estuary.smb.internal.codec.Negotiate;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/**
 * Key derivation against the published examples of Microsoft's Open Specifications blog "SMB 2 and SMB 3
 * security in Windows 10: the anatomy of signing and cryptographic keys" (2017), Appendix "Key derivation
 * examples": SMB 3.0 first channel and second channel, SMB 3.1.1 first channel.
 */
class SmbKeysTest {
  private static byte[] hex(String s) {
    return HexFormat.of().parseHex(s);
  }

  private static String hex(byte[] b) {
    return HexFormat.of().withUpperCase().formatHex(b);
  }

  @Test
  void smb30KeysMatchTheBlogExample() {
    SmbKeys k = SmbKeys.derive(Negotiate.SMB_3_0, hex("7CD451825D0450D235424E44BA6E78CC"), new byte[0], null);
    assertThat(hex(k.signingKey())).isEqualTo("0B7E9C5CAC36C0F6EA9AB275298CEDCE");
    // The blog names keys from the client's side: its EncryptionKey is the server's decryption (ServerIn) key.
    assertThat(hex(k.decryptionKey())).isEqualTo("FAD27796665B313EBB578F388632B4F7");
    assertThat(hex(k.encryptionKey())).isEqualTo("B0F0427F7CEB416D1D9DCC0CD4F99447");
    assertThat(hex(k.applicationKey())).isEqualTo("BB23A4575AA26C721AF525AF15A87B4F");
  }

  @Test
  void smb302UsesTheSameLabelsAs30() {
    SmbKeys k = SmbKeys.derive(Negotiate.SMB_3_0_2, hex("4E01A2B313BCF660CC250BEF021AEDE6"), new byte[0], null);
    // Blog: second channel (session binding), Channel.SigningKey.
    assertThat(hex(k.signingKey())).isEqualTo("BA1A17DBBFEC349BCA105563D598952F");
  }

  @Test
  void smb311KeysMatchTheBlogExample() {
    SmbKeys k = SmbKeys.derive(Negotiate.SMB_3_1_1, hex(MsBlogVectors.SESSION_KEY_311),
        hex(MsBlogVectors.SESSION_PREAUTH_HASH), Cipher.AES_128_GCM);
    assertThat(hex(k.signingKey())).isEqualTo("73FE7A9A77BEF0BDE49C650D8CCB5F76");
    assertThat(hex(k.decryptionKey())).isEqualTo("629BCBC54422A0F572B97F45989B6073");
    assertThat(hex(k.encryptionKey())).isEqualTo("E2AF0DCEFAC68DA71A0DFBD0D1350D74");
    assertThat(hex(k.applicationKey())).isEqualTo("6D7AD7954E9EC61E907B4D473DC178FF");
  }

  @Test
  void smb2xSignsWithTheSessionKeyAndHasNoCipherKeys() {
    byte[] gss = hex("000102030405060708090a0b0c0d0e0f1011");
    SmbKeys k = SmbKeys.derive(Negotiate.SMB_2_1, gss, new byte[0], null);
    assertThat(k.signingKey()).isEqualTo(java.util.Arrays.copyOf(gss, 16));
    assertThat(k.encryptionKey()).isEmpty();
  }

  @Test
  void aes256CiphersGet256BitKeysFromTheFullSessionKey() {
    byte[] full = new byte[32];
    for (int i = 0; i < 32; i++) {
      full[i] = (byte) i;
    }
    SmbKeys wide = SmbKeys.derive(Negotiate.SMB_3_1_1, full, new byte[64], Cipher.AES_256_GCM);
    SmbKeys narrow = SmbKeys.derive(Negotiate.SMB_3_1_1, full, new byte[64], Cipher.AES_128_GCM);
    assertThat(wide.encryptionKey()).hasSize(32);
    assertThat(narrow.encryptionKey()).hasSize(16);
    assertThat(wide.signingKey()).isEqualTo(narrow.signingKey());
    assertThat(Kdf.derive(full, "SMBS2CCipherKey\0".getBytes(java.nio.charset.StandardCharsets.US_ASCII),
        new byte[64], 256)).isEqualTo(wide.encryptionKey());
  }

  @Test
  void refusesUnknownDialectsAndBadHashes() {
    assertThatThrownBy(() -> SmbKeys.derive(0x0222, new byte[16], new byte[0], null))
        .hasMessageContaining("dialect: 0x0222");
    assertThatThrownBy(() -> SmbKeys.derive(Negotiate.SMB_3_1_1, new byte[16], new byte[32], null))
        .hasMessageContaining("preauthHash: 32 bytes");
    assertThat(SmbKeys.derive(Negotiate.SMB_3_0, new byte[16], new byte[0], null).toString())
        .doesNotContain(Bytes.zeros(16).toHex());
  }
}
