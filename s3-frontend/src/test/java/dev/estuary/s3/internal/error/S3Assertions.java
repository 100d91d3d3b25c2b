package dev.estuary.s3.internal.error;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.assertj.core.api.ObjectAssert;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;

/** AssertJ helpers for S3 errors. */
public final class S3Assertions {
  private S3Assertions() {}

  /** Asserts {@code call} throws an {@link S3Exception} with {@code code}; returns an assert on it. */
  public static ObjectAssert<S3Exception> assertCode(ThrowingCallable call, S3ErrorCode code) {
    S3Exception[] caught = new S3Exception[1];
    assertThatThrownBy(call).isInstanceOfSatisfying(S3Exception.class, e -> {
      assertThat(e.errorCode()).as(e.getMessage()).isEqualTo(code);
      caught[0] = e;
    });
    return new ObjectAssert<>(caught[0]);
  }
}
