package dev.estuary.smb.internal.codec;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One SMB2 NEGOTIATE_CONTEXT ([MS-SMB2] 2.2.3.1): ContextType (2), DataLength (2), Reserved (4), Data. The
 * types the server acts on are typed records; the rest decode to {@link Unknown}, so the handler can ignore
 * them as 3.3.5.4 allows, never misread them.
 */
public sealed interface NegotiateContext {
  /** SMB2_PREAUTH_INTEGRITY_CAPABILITIES. */
  int PREAUTH_INTEGRITY = 0x0001;
  /** SMB2_ENCRYPTION_CAPABILITIES. */
  int ENCRYPTION = 0x0002;
  /** SMB2_COMPRESSION_CAPABILITIES. */
  int COMPRESSION = 0x0003;
  /** SMB2_NETNAME_NEGOTIATE_CONTEXT_ID. */
  int NETNAME = 0x0005;
  /** SMB2_TRANSPORT_CAPABILITIES. */
  int TRANSPORT = 0x0006;
  /** SMB2_RDMA_TRANSFORM_CAPABILITIES. */
  int RDMA_TRANSFORM = 0x0007;
  /** SMB2_SIGNING_CAPABILITIES. */
  int SIGNING = 0x0008;

  /** Most contexts a message may carry; Windows sends at most 6, so 32 bounds work on hostile input. */
  int MAX_COUNT = 32;
  /** Most entries in one algorithm list (hash, cipher, signing, compression). */
  int MAX_ALGORITHMS = 16;

  /** ContextType. */
  int type();

  /** Writes Data only (the list encoder adds the 8-byte context header). */
  void encodeData(ByteBuf out);

  /**
   * SMB2_PREAUTH_INTEGRITY_CAPABILITIES (2.2.3.1.1).
   *
   * @param hashAlgorithms HashAlgorithms (0x0001 = SHA-512)
   * @param salt Salt
   */
  record PreauthIntegrity(List<Integer> hashAlgorithms, Bytes salt) implements NegotiateContext {
    /** SHA-512. */
    public static final int SHA_512 = 0x0001;

    /** Copies the list. */
    public PreauthIntegrity {
      hashAlgorithms = List.copyOf(hashAlgorithms);
      Objects.requireNonNull(salt, "salt");
    }

    @Override
    public int type() {
      return PREAUTH_INTEGRITY;
    }

    @Override
    public void encodeData(ByteBuf out) {
      out.writeShortLE(hashAlgorithms.size());
      out.writeShortLE(salt.length());
      hashAlgorithms.forEach(out::writeShortLE);
      salt.writeTo(out);
    }
  }

  /**
   * SMB2_ENCRYPTION_CAPABILITIES (2.2.3.1.2); the response carries exactly one cipher.
   *
   * @param ciphers Ciphers (1 AES-128-CCM, 2 AES-128-GCM, 3 AES-256-CCM, 4 AES-256-GCM)
   */
  record Encryption(List<Integer> ciphers) implements NegotiateContext {
    /** Copies the list. */
    public Encryption {
      ciphers = List.copyOf(ciphers);
    }

    @Override
    public int type() {
      return ENCRYPTION;
    }

    @Override
    public void encodeData(ByteBuf out) {
      out.writeShortLE(ciphers.size());
      ciphers.forEach(out::writeShortLE);
    }
  }

  /**
   * SMB2_SIGNING_CAPABILITIES (2.2.3.1.7).
   *
   * @param algorithms SigningAlgorithms (0 HMAC-SHA256, 1 AES-CMAC, 2 AES-GMAC)
   */
  record Signing(List<Integer> algorithms) implements NegotiateContext {
    /** Copies the list. */
    public Signing {
      algorithms = List.copyOf(algorithms);
    }

    @Override
    public int type() {
      return SIGNING;
    }

    @Override
    public void encodeData(ByteBuf out) {
      out.writeShortLE(algorithms.size());
      algorithms.forEach(out::writeShortLE);
    }
  }

  /**
   * SMB2_COMPRESSION_CAPABILITIES (2.2.3.1.3), decoded so the server can see it was offered and refuse it by
   * not answering it (3.3.5.4: the server omits the context when it supports no algorithm).
   *
   * @param flags Flags
   * @param algorithms CompressionAlgorithms
   */
  record Compression(int flags, List<Integer> algorithms) implements NegotiateContext {
    /** Copies the list. */
    public Compression {
      algorithms = List.copyOf(algorithms);
    }

    @Override
    public int type() {
      return COMPRESSION;
    }

    @Override
    public void encodeData(ByteBuf out) {
      out.writeShortLE(algorithms.size());
      out.writeShortLE(0);
      out.writeIntLE(flags);
      algorithms.forEach(out::writeShortLE);
    }
  }

  /**
   * SMB2_NETNAME_NEGOTIATE_CONTEXT_ID (2.2.3.1.4): the server name the client connected to.
   *
   * @param netName NetName
   */
  record NetName(String netName) implements NegotiateContext {
    /** Validates. */
    public NetName {
      Objects.requireNonNull(netName, "netName");
    }

    @Override
    public int type() {
      return NETNAME;
    }

    @Override
    public void encodeData(ByteBuf out) {
      out.writeBytes(netName.getBytes(StandardCharsets.UTF_16LE));
    }
  }

  /**
   * Any other context (transport, RDMA transform, future ones), kept raw.
   *
   * @param type ContextType
   * @param data Data
   */
  record Unknown(int type, Bytes data) implements NegotiateContext {
    /** Validates. */
    public Unknown {
      Objects.requireNonNull(data, "data");
    }

    @Override
    public void encodeData(ByteBuf out) {
      data.writeTo(out);
    }
  }

  /**
   * Decodes {@code count} contexts starting at header offset {@code offset}; each after the first starts on
   * an 8-byte boundary (2.2.3.1: "MUST be 8-byte aligned").
   */
  static List<NegotiateContext> decodeList(BodyReader r, long offset, int count) throws SmbDecodeException {
    if (count > MAX_COUNT) {
      throw new SmbDecodeException("NegotiateContextCount: " + count + " (expected: 0.." + MAX_COUNT + ")");
    }
    List<NegotiateContext> list = new ArrayList<>(count);
    long pos = offset;
    for (int i = 0; i < count; i++) {
      if (i > 0) {
        pos = (pos + 7) & ~7L;
      }
      if ((pos & 7) != 0) {
        throw new SmbDecodeException("NegotiateContextOffset: " + pos + " (expected: a multiple of 8)");
      }
      r.checkBuffer("negotiate context " + i, pos, 8, Integer.MAX_VALUE);
      int type = r.u16((int) pos - Smb2Header.SIZE);
      int len = r.u16((int) pos - Smb2Header.SIZE + 2);
      Bytes data = r.buffer("negotiate context " + i + " data", pos + 8, len, 0xFFFF);
      list.add(decodeOne(type, data));
      pos += 8 + len;
    }
    return List.copyOf(list);
  }

  private static NegotiateContext decodeOne(int type, Bytes data) throws SmbDecodeException {
    ByteBuf b = Unpooled.wrappedBuffer(data.asReadOnlyBuffer());
    String name = "negotiate context " + type;
    switch (type) {
      case PREAUTH_INTEGRITY -> {
        need(b, 4, name);
        int n = b.readUnsignedShortLE();
        int saltLen = b.readUnsignedShortLE();
        checkCount(n, name);
        need(b, 2L * n + saltLen, name);
        List<Integer> algs = readShorts(b, n);
        return new PreauthIntegrity(algs, readBytes(b, saltLen));
      }
      case ENCRYPTION, SIGNING -> {
        need(b, 2, name);
        int n = b.readUnsignedShortLE();
        checkCount(n, name);
        need(b, 2L * n, name);
        List<Integer> algs = readShorts(b, n);
        return type == ENCRYPTION ? new Encryption(algs) : new Signing(algs);
      }
      case COMPRESSION -> {
        need(b, 8, name);
        int n = b.readUnsignedShortLE();
        b.skipBytes(2);
        int flags = b.readIntLE();
        checkCount(n, name);
        need(b, 2L * n, name);
        return new Compression(flags, readShorts(b, n));
      }
      case NETNAME -> {
        if ((data.length() & 1) != 0) {
          throw new SmbDecodeException(name + " length: " + data.length() + " (expected: even, UTF-16LE)");
        }
        return new NetName(b.toString(StandardCharsets.UTF_16LE));
      }
      default -> {
        return new Unknown(type, data);
      }
    }
  }

  private static void checkCount(int n, String name) throws SmbDecodeException {
    if (n < 1 || n > MAX_ALGORITHMS) {
      throw new SmbDecodeException(name + " algorithm count: " + n + " (expected: 1.." + MAX_ALGORITHMS + ")");
    }
  }

  private static void need(ByteBuf b, long n, String name) throws SmbDecodeException {
    if (b.readableBytes() < n) {
      throw new SmbDecodeException(name + ": " + b.readableBytes() + " data bytes (expected: >= " + n + ")");
    }
  }

  private static List<Integer> readShorts(ByteBuf b, int n) {
    List<Integer> l = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      l.add(b.readUnsignedShortLE());
    }
    return l;
  }

  private static Bytes readBytes(ByteBuf b, int n) {
    byte[] a = new byte[n];
    b.readBytes(a);
    return Bytes.of(a);
  }

  /** Writes the contexts, each 8-byte aligned relative to {@code headerStart}. */
  static void encodeList(ByteBuf out, int headerStart, List<NegotiateContext> contexts) {
    for (int i = 0; i < contexts.size(); i++) {
      if (i > 0) {
        Wire.pad8(out, headerStart);
      }
      NegotiateContext c = contexts.get(i);
      out.writeShortLE(c.type());
      int lenAt = out.writerIndex();
      out.writeShortLE(0);
      out.writeIntLE(0);
      int start = out.writerIndex();
      c.encodeData(out);
      out.setShortLE(lenAt, out.writerIndex() - start);
    }
  }
}
