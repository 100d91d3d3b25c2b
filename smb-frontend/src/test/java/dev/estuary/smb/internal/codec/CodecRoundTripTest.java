package dev.estuary.smb.internal.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Every request and response body round-trips through its decoder; every encoding truncated at every offset
 * and every encoding with hostile values in its length/offset fields either decodes or fails with an
 * {@link SmbDecodeException}, never another exception, and never reads outside the message.
 */
class CodecRoundTripTest {
  private static final CodecLimits LIMITS = new CodecLimits(65_536, 65_536, 65_536);

  private static ByteBuf encode(SmbMessage m, boolean response) {
    int status = m instanceof ErrorResponse ? NtStatus.ACCESS_DENIED.code() : 0;
    Smb2Header h = new Smb2Header(1, status, m.command().code(), 1, response ? Smb2Header.FLAG_RESPONSE : 0, 0,
        5, 0, 0, 3, 9, Bytes.zeros(16));
    ByteBuf out = Unpooled.buffer();
    SmbMessages.encode(out, h, m);
    return out;
  }

  private static SmbMessage decode(ByteBuf b, boolean response) throws SmbDecodeException {
    List<SmbMessages.Raw> raws = SmbMessages.split(b, b.readerIndex(), b.readableBytes());
    return response ? SmbMessages.decodeResponse(b, raws.get(0), LIMITS)
        : SmbMessages.decodeRequest(b, raws.get(0), LIMITS);
  }

  @Test
  void everyRequestRoundTrips() throws SmbDecodeException {
    for (SmbMessage m : Samples.requests()) {
      assertThat(decode(encode(m, false), false)).as(m.toString()).isEqualTo(m);
    }
  }

  @Test
  void everyResponseRoundTrips() throws SmbDecodeException {
    for (SmbMessage m : Samples.responses()) {
      assertThat(decode(encode(m, true), true)).as(m.toString()).isEqualTo(m);
    }
  }

  @Test
  void everyCommandHasASample() {
    for (SmbCommand c : SmbCommand.values()) {
      assertThat(Samples.requests().stream().anyMatch(m -> m.command() == c)).as("request " + c).isTrue();
      if (c != SmbCommand.CANCEL) {
        assertThat(Samples.responses().stream().anyMatch(m -> m.command() == c)).as("response " + c).isTrue();
      }
    }
  }

  @Test
  void truncationAtEveryOffsetFailsCleanly() {
    check(Samples.requests(), false);
    check(Samples.responses(), true);
  }

  private static void check(List<SmbMessage> samples, boolean response) {
    for (SmbMessage m : samples) {
      ByteBuf full = encode(m, response);
      int fixedEnd = Smb2Header.SIZE + (full.getUnsignedShortLE(Smb2Header.SIZE) & ~1);
      for (int n = 0; n < full.readableBytes(); n++) {
        ByteBuf cut = full.copy(0, n);
        try {
          decode(cut, response);
          if (n < fixedEnd) {
            fail("%s decoded from %d bytes, inside its %d-byte fixed part", m, n, fixedEnd);
          }
        } catch (SmbDecodeException e) {
          assertThat(e.status()).isEqualTo(NtStatus.INVALID_PARAMETER);
          assertThat(e.getMessage()).isNotBlank();
        } catch (RuntimeException e) {
          fail("%s truncated to %d bytes threw %s", m, n, e);
        }
      }
    }
  }

  @Test
  void hostileFieldValuesFailCleanly() {
    SplittableRandom rnd = new SplittableRandom(12);
    int[] evil = {0xFF, 0xFFFF, 0xFFFFFFFF, 0x7FFFFFFF, 0x80000000, 0x10000, 63, 64, 65, 1};
    for (boolean response : new boolean[] {false, true}) {
      for (SmbMessage m : response ? Samples.responses() : Samples.requests()) {
        ByteBuf full = encode(m, response);
        int len = full.readableBytes();
        // Every body position overwritten with each hostile 16- and 32-bit value.
        for (int at = Smb2Header.SIZE + 2; at < len - 1; at++) {
          for (int v : evil) {
            ByteBuf t = full.copy();
            if (at + 4 <= len) {
              t.setIntLE(at, v);
            } else {
              t.setShortLE(at, v);
            }
            attempt(t, response, m);
            ByteBuf s = full.copy();
            s.setShortLE(at, v);
            attempt(s, response, m);
          }
        }
        // And random byte noise.
        for (int i = 0; i < 200 && len > Smb2Header.SIZE + 2; i++) {
          ByteBuf t = full.copy();
          for (int k = 0; k < 4; k++) {
            t.setByte(Smb2Header.SIZE + 2 + rnd.nextInt(len - Smb2Header.SIZE - 2), rnd.nextInt(256));
          }
          attempt(t, response, m);
        }
      }
    }
  }

  private static void attempt(ByteBuf b, boolean response, SmbMessage m) {
    try {
      decode(b, response);
    } catch (SmbDecodeException e) {
      assertThat(e.getMessage()).isNotBlank();
    } catch (RuntimeException e) {
      fail("%s with hostile bytes threw %s", m, e);
    }
  }

  @Test
  void hostileOffsetsNeverReadOutsideTheMessage() throws SmbDecodeException {
    // A WRITE whose DataOffset points into the next compounded message is refused, not served from it.
    ByteBuf frame = Unpooled.buffer();
    Smb2Header h = Smb2Header.request(SmbCommand.WRITE, 1, 9, 3);
    SmbMessages.encodeCompound(frame, List.of(h, Smb2Header.request(SmbCommand.ECHO, 2, 9, 3)),
        List.of(new ReadWrite.WriteRequest(0, Samples.FID, 0, 0, Bytes.EMPTY, 0, Bytes.hex("41")),
            new SimpleMessages.Empty(SmbCommand.ECHO)));
    List<SmbMessages.Raw> raws = SmbMessages.split(frame, 0, frame.readableBytes());
    // The WRITE message is 120 bytes with its compound padding; Length 16 would run into the ECHO that follows.
    frame.setIntLE(Smb2Header.SIZE + 4, 16);
    assertThatThrownBy(() -> SmbMessages.decodeRequest(frame, raws.get(0), LIMITS))
        .isInstanceOf(SmbDecodeException.class).hasMessageContaining("WRITE data: offset 112 length 16 (expected: within 64..120");
  }

  @Test
  void limitsAreEnforcedBeforeCopying() {
    ByteBuf w = encode(new ReadWrite.WriteRequest(0, Samples.FID, 0, 0, Bytes.EMPTY, 0, Bytes.zeros(70_000)),
        false);
    assertThatThrownBy(() -> decode(w, false)).hasMessageContaining("WRITE data length: 70000 (expected: 0..65536)");
    ByteBuf r = encode(new ReadWrite.ReadRequest(0, 0, 70_000, 0, Samples.FID, 0, 0, 0, Bytes.EMPTY), false);
    assertThatThrownBy(() -> decode(r, false)).hasMessageContaining("READ Length: 70000");
  }

  @Test
  void unknownCommandAndBadStructureSizeAreInvalidParameter() {
    ByteBuf b = encode(new SimpleMessages.Empty(SmbCommand.ECHO), false);
    b.setShortLE(12, 0x13);
    assertThatThrownBy(() -> decode(b, false)).isInstanceOf(SmbDecodeException.class)
        .hasMessageContaining("Command: 0x0013");
    ByteBuf s = encode(new SimpleMessages.Empty(SmbCommand.ECHO), false);
    s.setShortLE(64, 5);
    assertThatThrownBy(() -> decode(s, false)).hasMessageContaining("ECHO StructureSize: 5 (expected: 4)");
  }

  @Test
  void createContextLoopsAndOverlapsAreRefused() {
    Create.Request c = new Create.Request(0, 0, 2, 0, 0x80, 0, 7, 1, 0, "a",
        List.of(CreateContext.of("MxAc", Bytes.EMPTY), CreateContext.of("QFid", Bytes.EMPTY)));
    ByteBuf b = encode(c, false);
    int ctx = (int) b.getUnsignedIntLE(Smb2Header.SIZE + 48);
    ByteBuf loop = b.copy();
    loop.setIntLE(ctx, 0); // first context claims to be last but the chain is longer: fine, stops
    ByteBuf back = b.copy();
    back.setIntLE(ctx, 0xFFFFFFF8); // Next jumps far outside
    assertThatThrownBy(() -> decode(back, false)).hasMessageContaining("create context Next");
    ByteBuf name = b.copy();
    name.setShortLE(ctx + 6, 0x4000);
    assertThatThrownBy(() -> decode(name, false)).hasMessageContaining("create context name");
  }

  @Test
  void createContextNamesShorterThanFourBytesAreRefusedLongerUnknownOnesDecode() throws Exception {
    for (String tag : List.of("x", "xx", "xxx")) {
      ByteBuf b = encode(new Create.Request(0, 0, 2, 0, 0x80, 0, 7, 1, 0, "a",
          List.of(CreateContext.of(tag, Bytes.EMPTY))), false);
      assertThatThrownBy(() -> decode(b, false)).as(tag).isInstanceOf(SmbDecodeException.class)
          .hasMessageContaining("create context name");
    }
    for (String tag : List.of("xxxx", "xxxxx", "x".repeat(34))) {
      ByteBuf b = encode(new Create.Request(0, 0, 2, 0, 0x80, 0, 7, 1, 0, "a",
          List.of(CreateContext.of(tag, Bytes.EMPTY))), false);
      assertThat(((Create.Request) decode(b, false)).contexts()).hasSize(1);
    }
  }

  @Test
  void warningsAndMoreProcessingKeepTheNormalBodyErrorsAndPendingTakeTheErrorBody() {
    assertThat(SmbMessages.usesErrorBody(SmbCommand.QUERY_INFO, NtStatus.BUFFER_OVERFLOW.code())).isFalse();
    assertThat(SmbMessages.usesErrorBody(SmbCommand.SESSION_SETUP, NtStatus.MORE_PROCESSING_REQUIRED.code()))
        .isFalse();
    assertThat(SmbMessages.usesErrorBody(SmbCommand.CREATE, NtStatus.MORE_PROCESSING_REQUIRED.code())).isTrue();
    assertThat(SmbMessages.usesErrorBody(SmbCommand.CHANGE_NOTIFY, NtStatus.PENDING.code())).isTrue();
    assertThat(SmbMessages.usesErrorBody(SmbCommand.CREATE, NtStatus.STOPPED_ON_SYMLINK.code())).isTrue();
    assertThat(SmbMessages.usesErrorBody(SmbCommand.READ, NtStatus.SUCCESS.code())).isFalse();
  }

  @Test
  void aCopyChunkLimitsAnswerKeepsItsIoctlBodyAndOtherInvalidParameterAnswersTheErrorBody() throws Exception {
    Ioctl.Response limits = new Ioctl.Response(Ioctl.FSCTL_SRV_COPYCHUNK, new FileId(1, 2), Bytes.EMPTY,
        new CopyChunk.Response(256, 1 << 20, 16 << 20).encode(), 0);
    for (SmbMessage m : List.of(limits, ErrorResponse.empty(SmbCommand.IOCTL))) {
      Smb2Header h = new Smb2Header(1, NtStatus.INVALID_PARAMETER.code(), SmbCommand.IOCTL.code(), 1,
          Smb2Header.FLAG_RESPONSE, 0, 5, 0, 0, 3, 9, Bytes.zeros(16));
      ByteBuf out = Unpooled.buffer();
      SmbMessages.encode(out, h, m);
      assertThat(decode(out, true)).isEqualTo(m);
    }
  }
}
