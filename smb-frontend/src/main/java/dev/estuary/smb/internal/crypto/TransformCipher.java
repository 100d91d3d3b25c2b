package dev.estuary.smb.internal.crypto;

import dev.estuary.smb.internal.codec.Bytes;
import dev.estuary.smb.internal.codec.NtStatus;
import dev.estuary.smb.internal.codec.SmbDecodeException;
import dev.estuary.smb.internal.codec.TransformHeader;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
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
    int length = message.readableBytes();
    Bytes nonceField = Bytes.of(Arrays.copyOf(nonce, 16));
    TransformHeader h = new TransformHeader(Bytes.zeros(16), nonceField, length,
        TransformHeader.FLAG_ENCRYPTED, sessionId);
    if (cipher.isGcm() && message.nioBufferCount() == 1) {
      return encryptGcmDirect(message, nonce, h, length);
    }
    // Room for the ciphertext and the tag after the header: the cipher writes straight into the frame's
    // array, and the tag is then moved into the header's Signature field.
    ByteBuf out = Unpooled.buffer(TransformHeader.SIZE + length + 16);
    try {
      h.encode(out);
      byte[] aad = new byte[TransformHeader.AAD_LENGTH];
      out.getBytes(TransformHeader.AAD_OFFSET, aad);
      byte[] plain = new byte[length];
      message.getBytes(message.readerIndex(), plain);
      int at = out.arrayOffset() + TransformHeader.SIZE;
      int n = seal(nonce, aad, plain, out.array(), at);
      if (n != length + 16) {
        throw new IllegalStateException("encryption wrote " + n + " bytes (expected: " + (length + 16) + ")");
      }
      // sealed = ciphertext || tag(16)
      out.setBytes(4, out.array(), at + length, 16);
      out.writerIndex(TransformHeader.SIZE + length);
      return out;
    } catch (RuntimeException e) {
      out.release();
      throw e;
    }
  }

  /**
   * GCM from the message's buffer straight into a pooled direct frame (what the socket write wants):
   * neither the message nor the ciphertext is copied through an array.
   */
  private ByteBuf encryptGcmDirect(ByteBuf message, byte[] nonce, TransformHeader h, int length) {
    ByteBuf out = ByteBufAllocator.DEFAULT.directBuffer(TransformHeader.SIZE + length + 16);
    try {
      h.encode(out);
      byte[] aad = new byte[TransformHeader.AAD_LENGTH];
      out.getBytes(TransformHeader.AAD_OFFSET, aad);
      javax.crypto.Cipher c = gcm(true, nonce, aad);
      int n = c.doFinal(message.nioBuffer(message.readerIndex(), length),
          out.nioBuffer(TransformHeader.SIZE, length + 16));
      if (n != length + 16) {
        throw new IllegalStateException("encryption wrote " + n + " bytes (expected: " + (length + 16) + ")");
      }
      byte[] tag = new byte[16];
      out.getBytes(TransformHeader.SIZE + length, tag);
      // sealed = ciphertext || tag(16); the tag goes into the header's Signature field.
      out.setBytes(4, tag);
      out.writerIndex(TransformHeader.SIZE + length);
      return out;
    } catch (GeneralSecurityException e) {
      out.release();
      throw new IllegalStateException("encryption failed: " + e.getMessage(), e);
    } catch (RuntimeException e) {
      out.release();
      throw e;
    }
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

  private int seal(byte[] nonce, byte[] aad, byte[] input, byte[] output, int outputOffset) {
    try {
      if (cipher.isGcm()) {
        javax.crypto.Cipher c = gcm(true, nonce, aad);
        return c.doFinal(input, 0, input.length, output, outputOffset);
      }
      byte[] sealed = process(true, nonce, aad, input);
      System.arraycopy(sealed, 0, output, outputOffset, sealed.length);
      return sealed.length;
    } catch (GeneralSecurityException | InvalidCipherTextException e) {
      throw new IllegalStateException("encryption failed: " + e.getMessage(), e);
    }
  }

  private javax.crypto.Cipher gcm(boolean encrypt, byte[] nonce, byte[] aad) throws GeneralSecurityException {
    javax.crypto.Cipher c = javax.crypto.Cipher.getInstance("AES/GCM/NoPadding");
    c.init(encrypt ? javax.crypto.Cipher.ENCRYPT_MODE : javax.crypto.Cipher.DECRYPT_MODE,
        new SecretKeySpec(key, "AES"), new GCMParameterSpec(128, nonce));
    c.updateAAD(aad);
    return c;
  }

  private byte[] open(byte[] nonce, byte[] aad, byte[] input)
      throws GeneralSecurityException, InvalidCipherTextException {
    return process(false, nonce, aad, input);
  }

  private byte[] process(boolean encrypt, byte[] nonce, byte[] aad, byte[] input)
      throws GeneralSecurityException, InvalidCipherTextException {
    if (cipher.isGcm()) {
      return gcm(encrypt, nonce, aad).doFinal(input);
    }
    CCMBlockCipher ccm = (CCMBlockCipher) CCMBlockCipher.newInstance(AESEngine.newInstance());
    ccm.init(encrypt, new AEADParameters(new KeyParameter(key), 128, nonce, aad));
    byte[] out = new byte[ccm.getOutputSize(input.length)];
    int n = ccm.processBytes(input, 0, input.length, out, 0);
    n += ccm.doFinal(out, n);
    return n == out.length ? out : Arrays.copyOf(out, n);
  }
}
