package dev.estuary.smb.internal.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** FILE_FULL_EA_INFORMATION and FILE_GET_EA_INFORMATION lists ([MS-FSCC] 2.4.15, 2.4.15.1). */
class FullEaTest {
  private static final List<FullEa> EAS = List.of(new FullEa(0, "A", Bytes.of("x".getBytes(StandardCharsets.UTF_8))),
      new FullEa(0x80, "LONGER.NAME", Bytes.of(new byte[300])), new FullEa(0, "Z", Bytes.EMPTY));

  private static byte[] encoded() {
    ByteBuf b = Unpooled.buffer();
    FullEa.encodeList(b, EAS);
    return ByteBufUtil.getBytes(b);
  }

  @Test
  void roundTripsWithFourByteAlignment() throws Exception {
    byte[] d = encoded();
    assertThat(d.length).isEqualTo(FullEa.listSize(EAS));
    assertThat(FullEa.decodeList(Bytes.of(d))).isEqualTo(EAS);
    // The second entry starts 4-aligned: 8 + 1 + 1 + 1 = 11 -> 12.
    assertThat(d[0]).isEqualTo((byte) 12);
  }

  @Test
  void everyTruncationIsInconsistentNeverAnotherFailure() {
    byte[] d = encoded();
    for (int n = 0; n < d.length; n++) {
      byte[] cut = Arrays.copyOf(d, n);
      assertThatThrownBy(() -> FullEa.decodeList(Bytes.of(cut))).isInstanceOf(SmbDecodeException.class)
          .satisfies(e -> assertThat(((SmbDecodeException) e).status()).isEqualTo(NtStatus.EA_LIST_INCONSISTENT));
    }
  }

  @Test
  void aNextOffsetThatLoopsOrLeavesTheBufferIsRefused() {
    byte[] d = encoded();
    d[0] = 4; // points inside the first entry
    assertThatThrownBy(() -> FullEa.decodeList(Bytes.of(d))).isInstanceOf(SmbDecodeException.class);
    byte[] e = encoded();
    e[0] = (byte) 0xF0;
    e[1] = 0x7F;
    assertThatThrownBy(() -> FullEa.decodeList(Bytes.of(e))).isInstanceOf(SmbDecodeException.class);
  }

  @Test
  void nameLists() throws Exception {
    byte[] names = {12, 0, 0, 0, 3, 'O', 'N', 'E', 0, 0, 0, 0, 0, 0, 0, 0, 1, 'B', 0};
    assertThat(FullEa.decodeNames(Bytes.of(names))).containsExactly("ONE", "B");
    assertThatThrownBy(() -> FullEa.decodeNames(Bytes.of(Arrays.copyOf(names, 7))))
        .isInstanceOf(SmbDecodeException.class);
  }
}
