package dev.estuary.smb.internal.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Golden bytes: the requests smbclient and smbtorture 4.17.12 and smbj 0.14.0 really sent to Estuary
 * (resource {@code golden-requests.txt}, one per distinct command, information class, FSCTL and compound).
 * Each decodes to the body of its header's command, re-encodes to the same bytes where the codec's layout is the client's, and a
 * message cut short at every offset is refused with SmbDecodeException (never another exception); the whole
 * stream, Direct-TCP framed, comes out of the frame decoder whole when cut at every offset.
 */
class GoldenRequestsTest {
  /** One captured request: its commands, the status its decode is refused with (null: decodes), its bytes. */
  private record Golden(String label, @Nullable NtStatus refused, byte[] bytes) {}

  private static List<Golden> golden;

  @BeforeAll
  static void load() throws IOException {
    golden = new ArrayList<>();
    try (InputStream in = GoldenRequestsTest.class.getResourceAsStream("golden-requests.txt")) {
      for (String line : new String(in.readAllBytes(), StandardCharsets.US_ASCII).split("\n")) {
        if (line.isBlank() || line.startsWith("#")) {
          continue;
        }
        int sp = line.indexOf(' ');
        String label = line.substring(0, sp);
        int bang = label.indexOf('!');
        golden.add(new Golden(bang < 0 ? label : label.substring(0, bang),
            bang < 0 ? null : NtStatus.valueOf(label.substring(bang + 1)),
            HexFormat.of().parseHex(line.substring(sp + 1).strip())));
      }
    }
  }

  @Test
  void everyRequestTypeTheServerDecodesIsCovered() {
    Set<SmbCommand> seen = EnumSet.noneOf(SmbCommand.class);
    for (Golden g : golden) {
      for (String c : g.label().split("\\+")) {
        seen.add(SmbCommand.valueOf(c));
      }
    }
    // OPLOCK_BREAK is the one request no client sent in the captured runs (no oplock or lease was granted, so
    // nothing was acknowledged): its codec is covered by CodecRoundTripTest only.
    assertThat(seen).containsAll(EnumSet.complementOf(EnumSet.of(SmbCommand.OPLOCK_BREAK)));
  }

  @Test
  void everyGoldenRequestDecodesToItsCommand() throws SmbDecodeException {
    for (Golden g : golden) {
      ByteBuf b = Unpooled.wrappedBuffer(g.bytes());
      List<SmbMessages.Raw> raws = SmbMessages.split(b, 0, b.readableBytes());
      String[] labels = g.label().split("\\+");
      assertThat(raws).as(g.label()).hasSize(labels.length);
      for (int i = 0; i < raws.size(); i++) {
        SmbMessages.Raw raw = raws.get(i);
        if (g.refused() != null) {
          // smbtorture's invalid requests (LOCK with LockCount 0, 3.3.5.14): refused with the status it expects.
          assertThatThrownBy(() -> SmbMessages.decodeRequest(b, raw, CodecLimits.DEFAULT)).as(g.label())
              .isInstanceOfSatisfying(SmbDecodeException.class, e -> assertThat(e.status()).isEqualTo(g.refused()));
          continue;
        }
        SmbMessage m = SmbMessages.decodeRequest(b, raw, CodecLimits.DEFAULT);
        assertThat(m.command()).as(g.label()).isEqualTo(SmbCommand.valueOf(labels[i]));
      }
    }
  }

  @Test
  void singleGoldenRequestsReencodeToTheClientsBytes() throws SmbDecodeException {
    List<String> differ = new ArrayList<>();
    for (Golden g : golden) {
      if (g.label().contains("+") || g.refused() != null) {
        continue;
      }
      ByteBuf b = Unpooled.wrappedBuffer(g.bytes());
      SmbMessages.Raw raw = SmbMessages.split(b, 0, b.readableBytes()).getFirst();
      SmbMessage m = SmbMessages.decodeRequest(b, raw, CodecLimits.DEFAULT);
      ByteBuf out = Unpooled.buffer();
      SmbMessages.encode(out, raw.header(), m);
      if (!ByteBufUtil.hexDump(out).equals(ByteBufUtil.hexDump(b))) {
        differ.add(g.label());
      }
    }
    assertThat(differ).as("requests whose re-encoding differs from the client's bytes").isEqualTo(KNOWN_LAYOUT);
  }

  /**
   * Requests the clients lay out differently from the codec while meaning the same (listed, so a change in
   * either direction is seen): smbclient's FSCTL_PIPE_TRANSCEIVE carries OutputOffset 120 with OutputCount 0,
   * where the codec writes offset 0 for an empty buffer ([MS-SMB2] 2.2.31 lets both through).
   */
  private static final List<String> KNOWN_LAYOUT = List.of("IOCTL");

  @Test
  void everyGoldenRequestCutShortIsRefusedCleanly() {
    for (Golden g : golden) {
      for (int n = 0; n < g.bytes().length; n++) {
        ByteBuf cut = Unpooled.wrappedBuffer(g.bytes(), 0, n);
        int len = n;
        assertThatCode(() -> {
          try {
            for (SmbMessages.Raw raw : SmbMessages.split(cut, 0, len)) {
              SmbMessages.decodeRequest(cut, raw, CodecLimits.DEFAULT);
            }
          } catch (SmbDecodeException expected) {
            // refused: the answer the server gives a short message
          }
        }).as("%s cut at %d of %d", g.label(), n, g.bytes().length).doesNotThrowAnyException();
      }
    }
  }

  @Test
  void theGoldenStreamFramedAndCutAtEveryOffsetComesOutWhole() {
    ByteBuf stream = Unpooled.buffer();
    List<byte[]> expected = new ArrayList<>();
    for (Golden g : golden) {
      stream.writeByte(0).writeMedium(g.bytes().length).writeBytes(g.bytes());
      expected.add(g.bytes());
    }
    int total = stream.readableBytes();
    for (int cut = 0; cut <= total; cut++) {
      EmbeddedChannel ch = new EmbeddedChannel(new DirectTcpFrameDecoder(1 << 20));
      ch.writeInbound(stream.retainedSlice(0, cut));
      ch.writeInbound(stream.retainedSlice(cut, total - cut));
      List<byte[]> got = new ArrayList<>();
      ByteBuf f;
      while ((f = ch.readInbound()) != null) {
        got.add(ByteBufUtil.getBytes(f));
        f.release();
      }
      assertThat(got).as("cut at %d", cut).containsExactlyElementsOf(expected);
      assertThat(ch.finish()).isFalse();
    }
  }
}
