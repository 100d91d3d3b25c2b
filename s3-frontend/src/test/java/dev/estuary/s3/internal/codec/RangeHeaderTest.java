package dev.estuary.s3.internal.codec;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RangeHeaderTest {
  static long[] r(String h, long size) {
    return RangeHeader.parse(h).orElseThrow().resolve(size);
  }

  @Test
  void rangesResolveAgainstTheSize() {
    assertThat(r("bytes=0-9", 100)).containsExactly(0, 10);
    assertThat(r("bytes=90-200", 100)).containsExactly(90, 10);
    assertThat(r("bytes=95-", 100)).containsExactly(95, 5);
    assertThat(r("bytes=-10", 100)).containsExactly(90, 10);
    assertThat(r("bytes=-200", 100)).containsExactly(0, 100);
    assertThat(r("bytes=100-", 100)).isNull();
    assertThat(r("bytes=0-0", 0)).isNull();
    assertThat(r("bytes=-0", 100)).isNull();
  }

  @Test
  void headersS3IgnoresGiveNoRange() {
    assertThat(RangeHeader.parse(null)).isEmpty();
    assertThat(RangeHeader.parse("items=0-1")).isEmpty();
    assertThat(RangeHeader.parse("bytes=0-1,5-6")).isEmpty();
    assertThat(RangeHeader.parse("bytes=5-1")).isEmpty();
    assertThat(RangeHeader.parse("bytes=a-b")).isEmpty();
    assertThat(RangeHeader.parse("bytes=-")).isEmpty();
  }
}
