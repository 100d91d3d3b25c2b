package dev.estuary.smb.internal.crypto;

import dev.estuary.smb.internal.codec.SmbDecodeException;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.security.SecureRandom;
import java.util.List;

/**
 * Runs every signing and sealing path a session may use over small messages under throwaway keys, so the
 * JIT compiles them before the first client needs them.
 *
 * <p>Why: the JDK's AES-GCM and GHASH run as CPU intrinsics only from compiled code. A transfer sends few,
 * large messages (up to 8 MiB each), so the calls that would get these paths compiled come slowly: on this
 * project's 2-core benchmark machine a server signed and sealed its first GiBs at 15-18 s of CPU per GiB
 * (GMAC measured at 14 MiB/s interpreted, 850 MiB/s compiled), against Samba's 3 s. Many small calls reach
 * the compile thresholds in a fraction of a second of CPU.
 */
public final class CryptoWarmup {
  /** Messages per algorithm: several times the JIT's tier-4 invocation threshold over the paths below. */
  static final int ROUNDS = 2_000;
  /** Bytes per message: enough for the bulk loops (GHASH, GCTR) to be the hot code, small enough to be cheap. */
  static final int SIZE = 8 * 1024;

  private CryptoWarmup() {}

  /**
   * Signs (GMAC, CMAC, HMAC-SHA256) and seals and opens (AES-128-GCM, AES-256-GCM) {@link #ROUNDS} messages
   * each. Keys are random and used for nothing else.
   *
   * @return how many messages were processed (signatures, seals and opens), for a check
   */
  public static long run() {
    SecureRandom random = new SecureRandom();
    byte[] k16 = new byte[16];
    byte[] k32 = new byte[32];
    random.nextBytes(k16);
    random.nextBytes(k32);
    List<Signer> signers = List.of(new Signer(SigningAlgorithm.AES_GMAC, k16), new Signer(SigningAlgorithm.AES_CMAC,
        k16), new Signer(SigningAlgorithm.HMAC_SHA256, k16));
    List<TransformCipher> ciphers = List.of(new TransformCipher(Cipher.AES_128_GCM, k16),
        new TransformCipher(Cipher.AES_256_GCM, k32));
    byte[] body = new byte[SIZE];
    random.nextBytes(body);
    // Direct, like a received frame or an encoded response.
    ByteBuf message = Unpooled.directBuffer(SIZE).writeBytes(body);
    long done = 0;
    try {
      byte[] nonce = new byte[Cipher.AES_128_GCM.nonceBytes()];
      for (int i = 0; i < ROUNDS; i++) {
        // A distinct MessageId (GMAC nonce) and transform nonce per message, though the keys are throwaway.
        message.setLongLE(24, i);
        nonce[0] = (byte) i;
        nonce[1] = (byte) (i >>> 8);
        for (Signer s : signers) {
          s.compute(message, 0, SIZE);
          done++;
        }
        for (TransformCipher c : ciphers) {
          ByteBuf sealed = c.encrypt(message, nonce, 1);
          try {
            c.decrypt(sealed).release();
          } catch (SmbDecodeException e) {
            throw new IllegalStateException("a message sealed under a key does not open under it", e);
          } finally {
            sealed.release();
          }
          done += 2;
        }
      }
    } finally {
      message.release();
    }
    return done;
  }
}
