package dev.estuary.smb.internal.codec;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Decodes the Windows 10 packets of {@link MsBlogVectors} and re-encodes them to the same bytes. */
class WindowsPacketsTest {
  private static ByteBuf buf(String hex) {
    return Unpooled.wrappedBuffer(HexFormat.of().parseHex(hex));
  }

  private static SmbMessage request(ByteBuf b) throws SmbDecodeException {
    List<SmbMessages.Raw> raws = SmbMessages.split(b, 0, b.readableBytes());
    assertThat(raws).hasSize(1);
    return SmbMessages.decodeRequest(b, raws.get(0), CodecLimits.DEFAULT);
  }

  private static SmbMessage response(ByteBuf b) throws SmbDecodeException {
    List<SmbMessages.Raw> raws = SmbMessages.split(b, 0, b.readableBytes());
    assertThat(raws).hasSize(1);
    return SmbMessages.decodeResponse(b, raws.get(0), CodecLimits.DEFAULT);
  }

  private static ByteBuf reencode(ByteBuf original, SmbMessage body) throws SmbDecodeException {
    Smb2Header h = Smb2Header.decode(original, 0, original.readableBytes());
    ByteBuf out = Unpooled.buffer();
    SmbMessages.encode(out, h, body);
    return out;
  }

  @Test
  void windowsNegotiateRequestDecodesAndReencodesByteForByte() throws SmbDecodeException {
    ByteBuf b = buf(MsBlogVectors.NEGOTIATE_REQUEST);
    Negotiate.Request r = (Negotiate.Request) request(b);
    assertThat(r.dialects()).containsExactly(0x0202, 0x0210, 0x0300, 0x0302, 0x0311);
    assertThat(r.capabilities()).isEqualTo(0x3F);
    assertThat(r.clientGuid()).isEqualTo(Bytes.hex("ECD86F326276024F9F7752B89BB33F3A"));
    assertThat(r.contexts()).containsExactly(
        new NegotiateContext.PreauthIntegrity(List.of(1),
            Bytes.hex("FA49E6578F1F3A9F4CD3E9CC14A67AA884B3D05844E0E5A118225C15887F32FF")),
        new NegotiateContext.Encryption(List.of(2, 1)));
    assertThat(ByteBufUtil.hexDump(reencode(b, r))).isEqualTo(ByteBufUtil.hexDump(b));
  }

  @Test
  void windowsNegotiateResponseDecodesAndReencodesByteForByte() throws SmbDecodeException {
    ByteBuf b = buf(MsBlogVectors.NEGOTIATE_RESPONSE);
    Negotiate.Response r = (Negotiate.Response) response(b);
    assertThat(r.dialectRevision()).isEqualTo(Negotiate.SMB_3_1_1);
    assertThat(r.securityMode()).isEqualTo(Negotiate.SIGNING_ENABLED);
    assertThat(r.maxReadSize()).isEqualTo(0x800000);
    assertThat(r.securityBuffer().length()).isEqualTo(0x140);
    assertThat(r.contexts()).hasSize(2);
    assertThat(r.contexts().get(1)).isEqualTo(new NegotiateContext.Encryption(List.of(2)));
    assertThat(ByteBufUtil.hexDump(reencode(b, r))).isEqualTo(ByteBufUtil.hexDump(b));
  }

  @Test
  void windowsSessionSetupMessagesDecode() throws SmbDecodeException {
    ByteBuf req1 = buf(MsBlogVectors.SESSION_SETUP_REQUEST_1);
    SessionSetup.Request r1 = (SessionSetup.Request) request(req1);
    assertThat(r1.securityMode()).isEqualTo(1);
    assertThat(r1.securityBuffer().length()).isEqualTo(0x4A);
    assertThat(ByteBufUtil.hexDump(reencode(req1, r1))).isEqualTo(ByteBufUtil.hexDump(req1));

    ByteBuf resp1 = buf(MsBlogVectors.SESSION_SETUP_RESPONSE_1);
    Smb2Header h = Smb2Header.decode(resp1, 0, resp1.readableBytes());
    assertThat(h.status()).isEqualTo(NtStatus.MORE_PROCESSING_REQUIRED.code());
    assertThat(h.sessionId()).isEqualTo(0x100000000019L);
    SessionSetup.Response s1 = (SessionSetup.Response) response(resp1);
    assertThat(s1.securityBuffer().length()).isEqualTo(0xB3);
    assertThat(ByteBufUtil.hexDump(reencode(resp1, s1))).isEqualTo(ByteBufUtil.hexDump(resp1));

    SessionSetup.Request r2 = (SessionSetup.Request) request(buf(MsBlogVectors.SESSION_SETUP_REQUEST_2));
    assertThat(r2.securityBuffer().length()).isEqualTo(0x1CF);

    ByteBuf resp2 = buf(MsBlogVectors.SESSION_SETUP_RESPONSE_2);
    Smb2Header h2 = Smb2Header.decode(resp2, 0, resp2.readableBytes());
    assertThat(h2.isSigned()).isTrue();
    assertThat(h2.signature()).isEqualTo(Bytes.hex(MsBlogVectors.SESSION_SETUP_RESPONSE_2_SIGNATURE));
    assertThat(((SessionSetup.Response) response(resp2)).securityBuffer().length()).isEqualTo(0x1D);
  }
}
