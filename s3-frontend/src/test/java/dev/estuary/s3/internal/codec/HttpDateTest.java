package dev.estuary.s3.internal.codec;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** {@link HttpDate} writes exactly what the IMF-fixdate formatter writes, for every instant. */
class HttpDateTest {
  private static final DateTimeFormatter REFERENCE =
      DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US)
          .withZone(ZoneOffset.UTC);

  @Test
  void knownDates() {
    assertThat(HttpDate.format(Instant.parse("1994-11-06T08:49:37Z")))
        .isEqualTo("Sun, 06 Nov 1994 08:49:37 GMT");
    assertThat(HttpDate.format(Instant.EPOCH)).isEqualTo("Thu, 01 Jan 1970 00:00:00 GMT");
    assertThat(HttpDate.format(Instant.parse("2026-12-07T23:59:59.999Z")))
        .isEqualTo("Mon, 07 Dec 2026 23:59:59 GMT");
    assertThat(HttpDate.format(Instant.parse("1969-12-31T23:59:59Z")))
        .isEqualTo("Wed, 31 Dec 1969 23:59:59 GMT");
  }

  @Test
  void matchesTheFormatter_acrossTheYearsAndBeyondFourDigits() {
    SplittableRandom r = new SplittableRandom(7);
    long max = Instant.parse("+12000-01-01T00:00:00Z").getEpochSecond();
    long min = Instant.parse("0500-01-01T00:00:00Z").getEpochSecond();
    for (int i = 0; i < 200_000; i++) {
      Instant t = Instant.ofEpochSecond(r.nextLong(min, max), r.nextInt(1_000_000_000));
      assertThat(HttpDate.format(t)).as("%s", t).isEqualTo(REFERENCE.format(t));
    }
    for (String edge : new String[] {"0999-12-31T23:59:59Z", "1000-01-01T00:00:00Z",
        "9999-12-31T23:59:59Z", "+10000-01-01T00:00:00Z", "2000-02-29T12:00:00Z"}) {
      Instant t = Instant.parse(edge);
      assertThat(HttpDate.format(t)).as(edge).isEqualTo(REFERENCE.format(t));
    }
  }
}
