package dev.estuary.s3.internal.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.estuary.s3.internal.error.S3Exception;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ConditionalsTest {
  static final Instant T = Instant.parse("2026-11-21T10:00:00.700Z");
  static final String BEFORE = "Sat, 21 Nov 2026 09:00:00 GMT";
  static final String SAME = "Sat, 21 Nov 2026 10:00:00 GMT";
  static final String AFTER = "Sat, 21 Nov 2026 11:00:00 GMT";

  static Conditionals.Outcome eval(String im, String inm, String ims, String ius) {
    return Conditionals.evaluate(im, inm, ims, ius, "abc", T, "");
  }

  @Test
  void ifMatchAndIfUnmodifiedSince() {
    assertThat(eval("\"abc\"", null, null, null)).isEqualTo(Conditionals.Outcome.PROCEED);
    assertThat(eval("*", null, null, null)).isEqualTo(Conditionals.Outcome.PROCEED);
    assertThatThrownBy(() -> eval("\"x\"", null, null, null)).isInstanceOf(S3Exception.class);
    assertThatThrownBy(() -> eval(null, null, null, BEFORE)).isInstanceOf(S3Exception.class);
    assertThat(eval(null, null, null, SAME)).isEqualTo(Conditionals.Outcome.PROCEED);
    // S3: If-Match true wins over a false If-Unmodified-Since.
    assertThat(eval("\"abc\"", null, null, BEFORE)).isEqualTo(Conditionals.Outcome.PROCEED);
  }

  @Test
  void ifNoneMatchAndIfModifiedSince() {
    assertThat(eval(null, "\"abc\"", null, null)).isEqualTo(Conditionals.Outcome.NOT_MODIFIED);
    assertThat(eval(null, "\"x\", W/\"abc\"", null, null))
        .isEqualTo(Conditionals.Outcome.NOT_MODIFIED);
    assertThat(eval(null, "\"x\"", null, null)).isEqualTo(Conditionals.Outcome.PROCEED);
    assertThat(eval(null, null, SAME, null)).isEqualTo(Conditionals.Outcome.NOT_MODIFIED);
    assertThat(eval(null, null, BEFORE, null)).isEqualTo(Conditionals.Outcome.PROCEED);
    assertThat(eval(null, null, AFTER, null)).isEqualTo(Conditionals.Outcome.NOT_MODIFIED);
    // If-None-Match false (no match) decides: If-Modified-Since is then ignored.
    assertThat(eval(null, "\"x\"", AFTER, null)).isEqualTo(Conditionals.Outcome.PROCEED);
    assertThat(eval(null, null, "not a date", null)).isEqualTo(Conditionals.Outcome.PROCEED);
  }
}
