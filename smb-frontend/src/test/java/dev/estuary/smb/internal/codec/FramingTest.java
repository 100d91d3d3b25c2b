package dev.estuary.smb.internal.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.CorruptedFrameException;
import io.netty.handler.codec.TooLongFrameException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Direct-TCP framing through Netty's EmbeddedChannel, compound splitting and the SMB1 probe. */
class FramingTest {
  private static ByteBuf framed(byte[]... messages) {
    ByteBuf out = Unpooled.buffer();
    for (byte[] m : messages) {
      out.writeByte(0);
      out.writeMedium(m.length);
      out.writeBytes(m);
    }
    return out;
  }

  @Test
  void framesSplitAtEveryOffsetComeOutWhole() {
    byte[] a = HexFormat.of().parseHex(MsBlogVectors.NEGOTIATE_REQUEST);
    byte[] b = HexFormat.of().parseHex(MsBlogVectors.SESSION_SETUP_REQUEST_1);
    ByteBuf stream = framed(a, b);
    int total = stream.readableBytes();
    for (int cut1 = 0; cut1 <= total; cut1++) {
      for (int cut2 = cut1; cut2 <= total; cut2 += 17) {
        EmbeddedChannel ch = new EmbeddedChannel(new DirectTcpFrameDecoder(1 << 20));
        ch.writeInbound(stream.retainedSlice(0, cut1));
        ch.writeInbound(stream.retainedSlice(cut1, cut2 - cut1));
        ch.writeInbound(stream.retainedSlice(cut2, total - cut2));
        List<byte[]> got = new ArrayList<>();
        ByteBuf f;
        while ((f = ch.readInbound()) != null) {
          got.add(ByteBufUtil.getBytes(f));
          f.release();
        }
        assertThat(got).as("cuts %d/%d", cut1, cut2).containsExactly(a, b);
        assertThat(ch.finish()).isFalse();
      }
    }
  }

  @Test
  void anOversizedLengthIsRefusedFromThePrefixAlone() {
    EmbeddedChannel ch = new EmbeddedChannel(new DirectTcpFrameDecoder(1 << 20));
    ByteBuf prefix = Unpooled.buffer(4);
    prefix.writeByte(0);
    prefix.writeMedium((1 << 20) + 1);
    // Only the four prefix bytes arrive: the frame is refused before any payload is buffered.
    assertThatThrownBy(() -> ch.writeInbound(prefix)).isInstanceOf(TooLongFrameException.class)
        .hasMessageContaining("Direct TCP length: 1048577 (expected: 32..1048576)");
  }

  @Test
  void aNonZeroFirstByteAndTinyFramesAreRefused() {
    EmbeddedChannel ch = new EmbeddedChannel(new DirectTcpFrameDecoder(1 << 20));
    assertThatThrownBy(() -> ch.writeInbound(Unpooled.wrappedBuffer(new byte[] {(byte) 0x81, 0, 0, 68})))
        .isInstanceOf(CorruptedFrameException.class).hasMessageContaining("first byte 129 (expected: 0)");
    EmbeddedChannel ch2 = new EmbeddedChannel(new DirectTcpFrameDecoder(1 << 20));
    assertThatThrownBy(() -> ch2.writeInbound(Unpooled.wrappedBuffer(new byte[] {0, 0, 0, 4, 1, 2, 3, 4})))
        .isInstanceOf(TooLongFrameException.class).hasMessageContaining("length: 4");
  }

  @Test
  void encoderPrefixesTheLength() {
    EmbeddedChannel ch = new EmbeddedChannel(new DirectTcpFrameEncoder());
    byte[] a = HexFormat.of().parseHex(MsBlogVectors.NEGOTIATE_REQUEST);
    ch.writeOutbound(Unpooled.wrappedBuffer(a));
    ByteBuf p = ch.readOutbound();
    ByteBuf body = ch.readOutbound();
    assertThat(p.readInt()).isEqualTo(a.length);
    assertThat(ByteBufUtil.getBytes(body)).isEqualTo(a);
    p.release();
    body.release();
  }

  @Test
  void capFitsAnEightMebibyteWrite() {
    int cap = DirectTcpFrameDecoder.maxFrameFor(CodecLimits.DEFAULT);
    assertThat(cap).isGreaterThanOrEqualTo(Smb2Header.SIZE + 48 + (8 << 20));
  }

  @Test
  void compoundsSplitAndRelatedFlagsAreKept() throws SmbDecodeException {
    ByteBuf frame = Unpooled.buffer();
    Smb2Header create = Smb2Header.request(SmbCommand.CREATE, 1, 9, 3);
    Smb2Header query = Smb2Header.request(SmbCommand.QUERY_INFO, 2, 9, 3).withFlags(Smb2Header.FLAG_RELATED);
    Smb2Header close = Smb2Header.request(SmbCommand.CLOSE, 3, 9, 3).withFlags(Smb2Header.FLAG_RELATED);
    int[] starts = SmbMessages.encodeCompound(frame, List.of(create, query, close), List.of(
        new Create.Request(0, 0, 2, 0, 0x80, 0, 7, 1, 0, "a.txt", List.of()),
        new Info.QueryRequest(Info.INFO_FILE, 18, 4096, Bytes.EMPTY, 0, 0, FileId.RELATED),
        new FileOps.CloseRequest(0, FileId.RELATED)));
    List<SmbMessages.Raw> raws = SmbMessages.split(frame, 0, frame.readableBytes());
    assertThat(raws).hasSize(3);
    for (int i = 0; i < 3; i++) {
      assertThat(raws.get(i).offset()).isEqualTo(starts[i]);
      assertThat(raws.get(i).offset() % 8).isZero();
    }
    assertThat(raws.get(1).header().isRelated()).isTrue();
    assertThat(((Info.QueryRequest) SmbMessages.decodeRequest(frame, raws.get(1), CodecLimits.DEFAULT))
        .fileId().isRelatedPlaceholder()).isTrue();
    assertThat(raws.get(2).header().nextCommand()).isZero();
  }

  @Test
  void badNextCommandsAreInvalidParameter() {
    ByteBuf frame = Unpooled.buffer();
    SmbMessages.encodeCompound(frame, List.of(Smb2Header.request(SmbCommand.ECHO, 1, 0, 0),
        Smb2Header.request(SmbCommand.ECHO, 2, 0, 0)),
        List.of(new SimpleMessages.Empty(SmbCommand.ECHO), new SimpleMessages.Empty(SmbCommand.ECHO)));
    for (int next : new int[] {4, 60, 68, 1 << 20, -8, frame.readableBytes()}) {
      ByteBuf t = frame.copy();
      t.setIntLE(20, next);
      assertThatThrownBy(() -> SmbMessages.split(t, 0, t.readableBytes())).as("next " + next)
          .isInstanceOf(SmbDecodeException.class).hasMessageContaining("NextCommand");
    }
    // A chain of 33 tiny messages exceeds the compound cap.
    ByteBuf many = Unpooled.buffer();
    List<Smb2Header> hs = new ArrayList<>();
    List<SmbMessage> bs = new ArrayList<>();
    for (int i = 0; i < 33; i++) {
      hs.add(Smb2Header.request(SmbCommand.ECHO, i, 0, 0));
      bs.add(new SimpleMessages.Empty(SmbCommand.ECHO));
    }
    SmbMessages.encodeCompound(many, hs, bs);
    assertThatThrownBy(() -> SmbMessages.split(many, 0, many.readableBytes()))
        .hasMessageContaining("more than 32 messages");
  }

  @Test
  void asyncHeaderRoundTrips() throws SmbDecodeException {
    Smb2Header h = new Smb2Header(1, NtStatus.PENDING.code(), SmbCommand.CHANGE_NOTIFY.code(), 1,
        Smb2Header.FLAG_RESPONSE | Smb2Header.FLAG_ASYNC, 0, 77, 0x1234_5678_9ABCL, 0, 0, 9, Bytes.zeros(16));
    ByteBuf b = Unpooled.buffer();
    SmbMessages.encode(b, h, ErrorResponse.empty(SmbCommand.CHANGE_NOTIFY));
    Smb2Header back = Smb2Header.decode(b, 0, b.readableBytes());
    assertThat(back).isEqualTo(h);
    assertThat(back.isAsync()).isTrue();
    assertThat(SmbMessages.decodeResponse(b, SmbMessages.split(b, 0, b.readableBytes()).get(0),
        CodecLimits.DEFAULT)).isEqualTo(ErrorResponse.empty(SmbCommand.CHANGE_NOTIFY));
  }

  private static ByteBuf smb1Negotiate(String... dialects) {
    ByteBuf body = Unpooled.buffer();
    for (String d : dialects) {
      body.writeByte(2);
      body.writeBytes(d.getBytes(StandardCharsets.US_ASCII));
      body.writeByte(0);
    }
    ByteBuf f = Unpooled.buffer();
    f.writeIntLE(Smb1Negotiate.SMB1_PROTOCOL_ID);
    f.writeByte(0x72);
    f.writeZero(27);
    f.writeByte(0);
    f.writeShortLE(body.readableBytes());
    f.writeBytes(body);
    return f;
  }

  @Test
  void smb1ProbeIsAnsweredWithTheRightSmb2Dialect() throws SmbDecodeException {
    ByteBuf win = smb1Negotiate("PC NETWORK PROGRAM 1.0", "NT LM 0.12", "SMB 2.002", "SMB 2.???");
    assertThat(Smb1Negotiate.isSmb1(win)).isTrue();
    assertThat(Smb1Negotiate.answer(Smb1Negotiate.dialects(win))).isEqualTo(0x02FF);
    assertThat(Smb1Negotiate.answer(Smb1Negotiate.dialects(smb1Negotiate("NT LM 0.12", "SMB 2.002"))))
        .isEqualTo(0x0202);
    assertThat(Smb1Negotiate.answer(Smb1Negotiate.dialects(smb1Negotiate("NT LM 0.12")))).isZero();
    for (int n = 0; n < win.readableBytes(); n++) {
      ByteBuf cut = win.copy(0, n);
      try {
        List<String> d = Smb1Negotiate.dialects(cut);
        // A cut exactly between dialect strings with ByteCount still pointing further is refused, so only
        // the whole frame decodes.
        assertThat(d).isNotNull();
        throw new AssertionError("decoded a truncated SMB1 frame of " + n + " bytes");
      } catch (SmbDecodeException expected) {
        assertThat(expected.getMessage()).isNotBlank();
      }
    }
    ByteBuf noNul = smb1Negotiate("SMB 2.???");
    noNul.setByte(noNul.writerIndex() - 1, 'x');
    assertThatThrownBy(() -> Smb1Negotiate.dialects(noNul)).hasMessageContaining("no terminating NUL");
  }
}
