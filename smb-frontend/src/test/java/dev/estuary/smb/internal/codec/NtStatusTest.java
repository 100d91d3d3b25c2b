package dev.estuary.smb.internal.codec;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The status table: unique codes (checked at class init), lookups and severity. */
class NtStatusTest {
  @Test
  void lookupsAndSeverity() {
    assertThat(NtStatus.of(0xC000000D)).isEqualTo(NtStatus.INVALID_PARAMETER);
    assertThat(NtStatus.of(0x12345678)).isNull();
    assertThat(NtStatus.describe(0xC0000022)).isEqualTo("STATUS_ACCESS_DENIED (0xC0000022)");
    assertThat(NtStatus.describe(0x12345678)).isEqualTo("STATUS_? (0x12345678)");
    assertThat(NtStatus.LOGON_FAILURE.isError()).isTrue();
    assertThat(NtStatus.BUFFER_OVERFLOW.isError()).isFalse();
    assertThat(NtStatus.PENDING.isError()).isFalse();
    assertThat(NtStatus.values()).extracting(NtStatus::code).doesNotHaveDuplicates();
  }
}
