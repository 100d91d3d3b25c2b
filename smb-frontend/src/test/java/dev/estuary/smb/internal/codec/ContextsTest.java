package dev.estuary.smb.internal.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The typed create-context readers ([MS-SMB2] 2.2.13.2.x) and negotiate-context validation (2.2.3.1.x). */
class ContextsTest {
  private static Bytes le(long... values) {
    ByteBuf b = Unpooled.buffer();
    for (long v : values) {
      b.writeLongLE(v);
    }
    return Bytes.of(io.netty.buffer.ByteBufUtil.getBytes(b));
  }

  @Test
  void typedCreateContextsDecodeAndCheckTheirLength() throws SmbDecodeException {
    assertThat(CreateContext.of("MxAc", Bytes.EMPTY).maximalAccessTimestamp()).isZero();
    assertThat(CreateContext.of("MxAc", le(42)).maximalAccessTimestamp()).isEqualTo(42);
    assertThat(CreateContext.of("AlSi", le(1 << 30)).allocationSize()).isEqualTo(1 << 30);
    assertThat(CreateContext.of("TWrp", le(7)).timewarpTimestamp()).isEqualTo(7);
    assertThat(CreateContext.of("DHnC", le(1, 2)).durableReconnect()).isEqualTo(new FileId(1, 2));

    Bytes key = Bytes.hex("0102030405060708090a0b0c0d0e0f10");
    Bytes parent = Bytes.hex("1112131415161718191a1b1c1d1e1f20");
    ByteBuf v2 = Unpooled.buffer();
    key.writeTo(v2);
    v2.writeIntLE(7).writeIntLE(4).writeLongLE(0);
    parent.writeTo(v2);
    v2.writeShortLE(3).writeShortLE(0);
    CreateContext.Lease l2 = CreateContext.of("RqLs", Bytes.of(io.netty.buffer.ByteBufUtil.getBytes(v2))).lease();
    assertThat(l2).isEqualTo(new CreateContext.Lease(key, 7, 4, parent, 3, 2));
    CreateContext.Lease l1 = CreateContext.of("RqLs",
        Bytes.of(io.netty.buffer.ByteBufUtil.getBytes(v2.copy(0, 32)))).lease();
    assertThat(l1.version()).isEqualTo(1);
    assertThat(l1.leaseState()).isEqualTo(7);

    ByteBuf dh2q = Unpooled.buffer().writeIntLE(30_000).writeIntLE(2).writeLongLE(0);
    key.writeTo(dh2q);
    assertThat(CreateContext.of("DH2Q", Bytes.of(io.netty.buffer.ByteBufUtil.getBytes(dh2q))).durableV2Request())
        .isEqualTo(new CreateContext.DurableV2Request(30_000, 2, key));
    ByteBuf dh2c = Unpooled.buffer().writeLongLE(5).writeLongLE(6);
    key.writeTo(dh2c);
    dh2c.writeIntLE(2);
    assertThat(CreateContext.of("DH2C", Bytes.of(io.netty.buffer.ByteBufUtil.getBytes(dh2c))).durableV2Reconnect())
        .isEqualTo(new CreateContext.DurableV2Reconnect(new FileId(5, 6), key, 2));

    assertThatThrownBy(() -> CreateContext.of("MxAc", Bytes.zeros(4)).maximalAccessTimestamp())
        .hasMessageContaining("MxAc data: 4 bytes (expected: 0 or 8)");
    assertThatThrownBy(() -> CreateContext.of("RqLs", Bytes.zeros(40)).lease())
        .hasMessageContaining("RqLs data: 40 bytes (expected: 32 or 52)");
    assertThatThrownBy(() -> CreateContext.of("DH2Q", Bytes.zeros(31)).durableV2Request())
        .isInstanceOf(SmbDecodeException.class);
    assertThatThrownBy(() -> CreateContext.of("DH2C", Bytes.zeros(40)).durableV2Reconnect())
        .isInstanceOf(SmbDecodeException.class);
    assertThatThrownBy(() -> CreateContext.of("AlSi", Bytes.EMPTY).allocationSize())
        .isInstanceOf(SmbDecodeException.class);
    assertThat(CreateContext.of("QFid", Bytes.EMPTY).is(CreateContext.QFID)).isTrue();
    assertThat(CreateContext.onDiskIdResponse(9, 1).data().length()).isEqualTo(32);
  }

  private static ByteBuf negotiate(List<NegotiateContext> contexts) {
    ByteBuf b = Unpooled.buffer();
    SmbMessages.encode(b, Smb2Header.request(SmbCommand.NEGOTIATE, 0, 0, 0), new Negotiate.Request(1, 0,
        Bytes.zeros(16), List.of(0x0311), contexts));
    return b;
  }

  private static void decode(ByteBuf b) throws SmbDecodeException {
    SmbMessages.decodeRequest(b, SmbMessages.split(b, 0, b.readableBytes()).get(0), CodecLimits.DEFAULT);
  }

  @Test
  void hostileNegotiateContextsAreInvalidParameter() {
    ByteBuf ok = negotiate(List.of(new NegotiateContext.Encryption(List.of(1))));
    int ctxOff = ok.getIntLE(64 + 28);
    ByteBuf count = ok.copy();
    count.setShortLE(64 + 32, 33);
    assertThatThrownBy(() -> decode(count)).hasMessageContaining("NegotiateContextCount: 33");
    ByteBuf unaligned = ok.copy();
    unaligned.setIntLE(64 + 28, ctxOff + 2);
    assertThatThrownBy(() -> decode(unaligned)).hasMessageContaining("multiple of 8");
    ByteBuf zeroCiphers = ok.copy();
    zeroCiphers.setShortLE(ctxOff + 8, 0);
    assertThatThrownBy(() -> decode(zeroCiphers)).hasMessageContaining("algorithm count: 0");
    ByteBuf longData = ok.copy();
    longData.setShortLE(ctxOff + 2, 0x4000);
    assertThatThrownBy(() -> decode(longData)).hasMessageContaining("negotiate context 0 data");
    ByteBuf intoDialects = ok.copy();
    intoDialects.setIntLE(64 + 28, 64);
    assertThatThrownBy(() -> decode(intoDialects)).hasMessageContaining("after the dialects");
    ByteBuf noDialects = ok.copy();
    noDialects.setShortLE(64 + 2, 0);
    assertThatThrownBy(() -> decode(noDialects)).hasMessageContaining("DialectCount: 0");
    ByteBuf oddName = negotiate(List.of(new NegotiateContext.NetName("ab")));
    oddName.setShortLE(oddName.getIntLE(64 + 28) + 2, 3);
    assertThatThrownBy(() -> decode(oddName)).hasMessageContaining("expected: even");
  }

  @Test
  void contextsAreIgnoredWithout311() throws SmbDecodeException {
    // 2.2.3: without 3.1.1 the same eight bytes are ClientStartTime, so garbage there is not parsed.
    ByteBuf b = Unpooled.buffer();
    SmbMessages.encode(b, Smb2Header.request(SmbCommand.NEGOTIATE, 0, 0, 0), new Negotiate.Request(1, 0,
        Bytes.zeros(16), List.of(0x0202, 0x0210), List.of()));
    b.setLongLE(64 + 28, -1L);
    ByteBuf c = b;
    Negotiate.Request r = (Negotiate.Request) SmbMessages.decodeRequest(c,
        SmbMessages.split(c, 0, c.readableBytes()).get(0), CodecLimits.DEFAULT);
    assertThat(r.contexts()).isEmpty();
  }

  @Test
  void validateNegotiateInfoRoundTripsAndRefusesLyingCounts() throws SmbDecodeException {
    ValidateNegotiateInfo.Request r = new ValidateNegotiateInfo.Request(0x7F,
        Bytes.hex("000102030405060708090a0b0c0d0e0f"), 1, List.of(0x0202, 0x0210, 0x0300, 0x0302));
    Bytes in = r.encode();
    assertThat(in.length()).isEqualTo(32);
    assertThat(ValidateNegotiateInfo.Request.decode(in)).isEqualTo(r);
    for (int n = 0; n < in.length(); n++) {
      Bytes cut = Bytes.of(java.util.Arrays.copyOf(in.toArray(), n));
      assertThatThrownBy(() -> ValidateNegotiateInfo.Request.decode(cut)).isInstanceOf(SmbDecodeException.class);
    }
    byte[] lying = in.toArray();
    lying[22] = (byte) 0xFF;
    assertThatThrownBy(() -> ValidateNegotiateInfo.Request.decode(Bytes.of(lying)))
        .hasMessageContaining("DialectCount: 255");
    ValidateNegotiateInfo.Response resp = new ValidateNegotiateInfo.Response(0x2F,
        Bytes.hex("00112233445566778899aabbccddeeff"), 1, 0x0302);
    assertThat(ValidateNegotiateInfo.Response.decode(resp.encode())).isEqualTo(resp);
  }
}
