package dev.estuary.smb.internal.crypto;

import dev.estuary.smb.internal.codec.Bytes;
import dev.estuary.smb.internal.codec.NtStatus;
import dev.estuary.smb.internal.codec.SmbDecodeException;
import dev.estuary.smb.internal.codec.TransformHeader;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.Objects;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.crypto.InvalidCipherTextException;
import org.bouncycastle.crypto.engines.AESEngine;
import org.bouncycastle.crypto.modes.CCMBlockCipher;
import org.bouncycastle.crypto.params.AEADParameters;
import org.bouncycastle.crypto.params.KeyParameter;

/**
 * Encrypts and decrypts SMB 3.x messages under a TRANSFORM_HEADER ([MS-SMB2] 3.1.4.3, 3.3.5.2.1.1). The
 * associated data is the header from Nonce to the end (32 bytes); the tag goes into Signature. GCM comes
 * from the JDK (AES-NI intrinsics), CCM from BouncyCastle since the JDK has none.
 */
public final class TransformCipher {
  private final Cipher cipher;
  private final byte[] key;

  /** A cipher of {@code cipher} under {@code key}. */
  public TransformCipher(Cipher cipher, byte[] key) {
    this.cipher = Objects.requireNonNull(cipher, "cipher");
    if (key.length != cipher.keyBytes()) {
      throw new IllegalArgumentException("key: " + key.length + " bytes (expected: " + cipher.keyBytes()
          + " for " + cipher + ")");
    }
    this.key = key.clone();
  }

  /**
   * Encrypts {@code message} (one SMB2 message or a compound) and returns the transform header plus
   * ciphertext. {@code nonce} must be unique per key (the caller keeps a counter, 3.1.4.3); only its first
   * {@link Cipher#nonceBytes()} bytes are used, the rest of the 16-byte field is zero.
   */
  public ByteBuf encrypt(ByteBuf message, byte[] nonce, long sessionId) {
    if (nonce.length != cipher.nonceBytes()) {
      throw new IllegalArgumentException("nonce: " + nonce.length + " bytes (expected: " + cipher.nonceBytes() + ")");
    }
    byte[] plain = new byte[message.readableBytes()];
    message.getBytes(message.readerIndex(), plain);
    Bytes nonceField = Bytes.of(Arrays.copyOf(nonce, 16));
    TransformHeader h = new TransformHeader(Bytes.zeros(16), nonceField, plain.length,
        TransformHeader.FLAG_ENCRYPTED, sessionId);
    ByteBuf out = Unpooled.buffer(TransformHeader.SIZE + plain.length);
    h.encode(out);
    byte[] aad = new byte[TransformHeader.AAD_LENGTH];
    out.getBytes(TransformHeader.AAD_OFFSET, aad);
    byte[] sealed = seal(nonce, aad, plain);
    // sealed = ciphertext || tag(16)
    out.setBytes(4, sealed, plain.length, 16);
    out.writeBytes(sealed, 0, plain.length);
    return out;
  }

  /**
   * Decrypts a transform frame (header at the reader index). Fails with STATUS_ACCESS_DENIED when the tag
   * does not verify (3.3.5.2.1.1: the server disconnects; the caller decides that).
   */
  public ByteBuf decrypt(ByteBuf frame) throws SmbDecodeException {
    TransformHeader h = TransformHeader.decode(frame);
    int at = frame.readerIndex();
    byte[] aad = new byte[TransformHeader.AAD_LENGTH];
    frame.getBytes(at + TransformHeader.AAD_OFFSET, aad);
    byte[] nonce = Arrays.copyOf(h.nonce().toArray(), cipher.nonceBytes());
    byte[] in = new byte[h.originalMessageSize() + 16];
    frame.getBytes(at + TransformHeader.SIZE, in, 0, h.originalMessageSize());
    byte[] tag = h.signature().toArray();
    System.arraycopy(tag, 0, in, h.originalMessageSize(), 16);
    try {
      return Unpooled.wrappedBuffer(open(nonce, aad, in));
    } catch (GeneralSecurityException | InvalidCipherTextException e) {
      throw new SmbDecodeException(NtStatus.ACCESS_DENIED, "TRANSFORM_HEADER: the message does not decrypt under"
          + " the session's key (expected: a valid " + cipher + " tag)");
    }
  }

  private byte[] seal(byte[] nonce, byte[] aad, byte[] input) {
    try {
      return process(true, nonce, aad, input);
    } catch (GeneralSecurityException | InvalidCipherTextException e) {
      throw new IllegalStateException("encryption failed: " + e.getMessage(), e);
    }
  }

  private byte[] open(byte[] nonce, byte[] aad, byte[] input)
      throws GeneralSecurityException, InvalidCipherTextException {
    return process(false, nonce, aad, input);
  }

  private byte[] process(boolean encrypt, byte[] nonce, byte[] aad, byte[] input)
      throws GeneralSecurityException, InvalidCipherTextException {
    if (cipher.isGcm()) {
      javax.crypto.Cipher c = javax.crypto.Cipher.getInstance("AES/GCM/NoPadding");
      c.init(encrypt ? javax.crypto.Cipher.ENCRYPT_MODE : javax.crypto.Cipher.DECRYPT_MODE,
          new SecretKeySpec(key, "AES"), new GCMParameterSpec(128, nonce));
      c.updateAAD(aad);
      return c.doFinal(input);
    }
    CCMBlockCipher ccm = (CCMBlockCipher) CCMBlockCipher.newInstance(AESEngine.newInstance());
    ccm.init(encrypt, new AEADParameters(new KeyParameter(key), 128, nonce, aad));
    byte[] out = new byte[ccm.getOutputSize(input.length)];
    int n = ccm.processBytes(input, 0, input.length, out, 0);
    n += ccm.doFinal(out, n);
    return n == out.length ? out : Arrays.copyOf(out, n);
  }
}
