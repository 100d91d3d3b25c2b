package dev.estuary.smb.internal.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.CompositeByteBuf;
import io.netty.buffer.Unpooled;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.bouncycastle.crypto.engines.AESEngine;
import org.bouncycastle.crypto.macs.CMac;
import org.bouncycastle.crypto.params.KeyParameter;
import org.junit.jupiter.api.Test;

/**
 * AES-CMAC signatures (computed on the JDK's AES) against BouncyCastle's CMac as the reference, for
 * messages ending on a block boundary and not, in heap, direct and composite buffers (a received frame is
 * a composite of socket reads).
 */
class SignerCmacTest {
  private static final int SIG = 48;

  @Test
  void matchesTheReferenceForEveryLengthAndBufferKind() {
    SplittableRandom random = new SplittableRandom(4493);
    byte[] key = new byte[16];
    random.nextBytes(key);
    Signer signer = new Signer(SigningAlgorithm.AES_CMAC, key);
    int[] lengths = {64, 65, 79, 80, 81, 95, 96, 100, 127, 128, 1000, 4096, 4097, 65_536 + 80, 200_000 + 3};
    for (int length : lengths) {
      byte[] msg = new byte[length];
      random.nextBytes(msg);
      byte[] expected = reference(key, msg);
      ByteBuf heap = Unpooled.wrappedBuffer(msg);
      ByteBuf direct = Unpooled.directBuffer(length).writeBytes(msg);
      CompositeByteBuf composite = Unpooled.compositeBuffer();
      for (int at = 0; at < length; at += 37) {
        int n = Math.min(37, length - at);
        composite.addComponent(true, Unpooled.directBuffer(n).writeBytes(msg, at, n));
      }
      for (ByteBuf b : new ByteBuf[] {heap, direct, composite}) {
        assertThat(signer.compute(b, 0, length)).as("%d bytes in %s", length, b.getClass().getSimpleName())
            .isEqualTo(expected);
      }
      direct.release();
      composite.release();
    }
  }

  /** BouncyCastle's AES-CMAC of the message with its Signature field zeroed (MS-SMB2 3.1.4.1). */
  private static byte[] reference(byte[] key, byte[] msg) {
    byte[] m = msg.clone();
    Arrays.fill(m, SIG, SIG + 16, (byte) 0);
    CMac mac = new CMac(AESEngine.newInstance());
    mac.init(new KeyParameter(key));
    mac.update(m, 0, m.length);
    byte[] out = new byte[16];
    mac.doFinal(out, 0);
    return out;
  }
}
