package dev.estuary.smb.internal.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.estuary.smb.internal.codec.MsBlogVectors;
import dev.estuary.smb.internal.codec.NtStatus;
import dev.estuary.smb.internal.codec.SmbDecodeException;
import dev.estuary.smb.internal.codec.TransformHeader;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Transform-header encryption for every cipher: round trip, tamper detection, header validation. */
class TransformCipherTest {
  private static byte[] key(Cipher c) {
    byte[] k = new byte[c.keyBytes()];
    for (int i = 0; i < k.length; i++) {
      k[i] = (byte) (i * 7 + 1);
    }
    return k;
  }

  private static byte[] nonce(Cipher c) {
    byte[] n = new byte[c.nonceBytes()];
    n[0] = 42;
    return n;
  }

  @ParameterizedTest
  @EnumSource(Cipher.class)
  void encryptsAndDecryptsAMessage(Cipher c) throws SmbDecodeException {
    ByteBuf plain = Unpooled.wrappedBuffer(HexFormat.of().parseHex(MsBlogVectors.SESSION_SETUP_RESPONSE_1));
    TransformCipher tc = new TransformCipher(c, key(c));
    ByteBuf frame = tc.encrypt(plain.duplicate(), nonce(c), 0x100000000019L);
    assertThat(frame.readableBytes()).isEqualTo(TransformHeader.SIZE + plain.readableBytes());
    TransformHeader h = TransformHeader.decode(frame);
    assertThat(h.sessionId()).isEqualTo(0x100000000019L);
    assertThat(h.originalMessageSize()).isEqualTo(plain.readableBytes());
    // The ciphertext is not the plaintext.
    assertThat(ByteBufUtil.equals(frame.slice(52, plain.readableBytes()), plain)).isFalse();
    ByteBuf back = tc.decrypt(frame);
    assertThat(ByteBufUtil.equals(back, plain)).isTrue();
  }

  @ParameterizedTest
  @EnumSource(Cipher.class)
  void anyFlippedBitIsRefusedWithAccessDenied(Cipher c) {
    ByteBuf plain = Unpooled.wrappedBuffer(HexFormat.of().parseHex(MsBlogVectors.NEGOTIATE_REQUEST));
    TransformCipher tc = new TransformCipher(c, key(c));
    ByteBuf frame = tc.encrypt(plain, nonce(c), 7);
    // Signature, nonce, session id (AAD) and ciphertext are all covered; size and flags fail validation.
    for (int at : new int[] {4, 19, 20, 35, 44, 51, 52, frame.readableBytes() - 1}) {
      ByteBuf t = frame.copy();
      t.setByte(at, t.getByte(at) ^ 0x01);
      assertThatThrownBy(() -> tc.decrypt(t)).as("byte " + at).isInstanceOf(SmbDecodeException.class)
          .extracting(e -> ((SmbDecodeException) e).status()).isEqualTo(NtStatus.ACCESS_DENIED);
    }
  }

  @Test
  void wrongKeyIsRefused() {
    Cipher c = Cipher.AES_128_CCM;
    ByteBuf frame = new TransformCipher(c, key(c)).encrypt(
        Unpooled.wrappedBuffer(HexFormat.of().parseHex(MsBlogVectors.NEGOTIATE_REQUEST)), nonce(c), 1);
    assertThatThrownBy(() -> new TransformCipher(c, new byte[16]).decrypt(frame))
        .isInstanceOf(SmbDecodeException.class).hasMessageContaining("does not decrypt");
  }

  @Test
  void headerWithALyingSizeOrFlagsIsInvalidParameter() {
    Cipher c = Cipher.AES_128_GCM;
    ByteBuf frame = new TransformCipher(c, key(c)).encrypt(
        Unpooled.wrappedBuffer(HexFormat.of().parseHex(MsBlogVectors.NEGOTIATE_REQUEST)), nonce(c), 1);
    ByteBuf big = frame.copy();
    big.setIntLE(36, 0x7FFFFFFF);
    assertThatThrownBy(() -> TransformHeader.decode(big)).isInstanceOf(SmbDecodeException.class)
        .hasMessageContaining("OriginalMessageSize: 2147483647");
    ByteBuf flags = frame.copy();
    flags.setShortLE(42, 0);
    assertThatThrownBy(() -> TransformHeader.decode(flags)).hasMessageContaining("Flags: 0");
    for (int n = 0; n < TransformHeader.SIZE; n++) {
      ByteBuf cut = frame.copy(0, n);
      assertThatThrownBy(() -> TransformHeader.decode(cut)).isInstanceOf(SmbDecodeException.class);
    }
  }
}
