package dev.estuary.dfs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ByteRangeTest {
  private static final long MAX = -1L; // 2^64 - 1, unsigned

  @Test
  void rangesMayReachButNotPass2To64() {
    assertThat(new ByteRange(MAX - 1, 2).last()).isEqualTo(MAX);
    assertThat(new ByteRange(MAX, 1).last()).isEqualTo(MAX);
    assertThat(new ByteRange(0, MAX).last()).isEqualTo(MAX);
    assertThat(new ByteRange(MAX, 0).isEmpty()).isTrue();
    assertThatThrownBy(() -> new ByteRange(MAX - 1, 3))
        .isInstanceOfSatisfying(DfsException.class, e -> {
          assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_ARGUMENT);
          assertThat(e.getMessage()).contains("18446744073709551614").contains("expected");
        });
    assertThatThrownBy(() -> new ByteRange(MAX, 2)).isInstanceOf(DfsException.class);
    assertThatThrownBy(() -> new ByteRange(Long.MIN_VALUE, Long.MIN_VALUE + 1)).isInstanceOf(DfsException.class);
  }

  @Test
  void toEndMeansToTheLastByteWhateverTheOffset() {
    ByteRange tail = new ByteRange(MAX - 5, ByteRange.TO_END);
    assertThat(tail.last()).isEqualTo(MAX);
    assertThat(tail.overlaps(new ByteRange(MAX, 1))).isTrue();
    assertThat(tail.overlaps(new ByteRange(MAX - 7, 2))).isFalse();
    assertThat(tail.overlaps(new ByteRange(MAX - 7, 3))).isTrue();
  }

  @Test
  void overlapIsUnsigned_andEmptyRangesOverlapNothing() {
    ByteRange high = new ByteRange(Long.MIN_VALUE, 10); // 2^63: negative as a signed long
    assertThat(high.overlaps(new ByteRange(0, 100))).isFalse();
    assertThat(high.overlaps(new ByteRange(Long.MIN_VALUE + 9, 1))).isTrue();
    assertThat(new ByteRange(0, 10).overlaps(new ByteRange(10, 1))).isFalse();
    assertThat(new ByteRange(0, 10).overlaps(new ByteRange(9, 1))).isTrue();
    assertThat(new ByteRange(5, 0).overlaps(new ByteRange(0, 10))).isFalse();
    assertThat(new ByteRange(0, 10).overlaps(new ByteRange(5, 0))).isFalse();
  }

  @Test
  void ofBytes_endingAtTheTopIsToEnd() {
    assertThat(ByteRange.ofBytes(3, 7)).isEqualTo(new ByteRange(3, 5));
    assertThat(ByteRange.ofBytes(3, MAX)).isEqualTo(new ByteRange(3, ByteRange.TO_END));
    assertThat(new ByteRange(1000, ByteRange.TO_END).toString()).isEqualTo("[1000, end)");
  }
}
