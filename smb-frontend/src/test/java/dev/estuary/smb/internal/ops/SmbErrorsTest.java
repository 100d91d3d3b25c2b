package dev.estuary.smb.internal.ops;

import static org.assertj.core.api.Assertions.assertThat;

import dev.estuary.dfs.ErrorKind;
import dev.estuary.smb.internal.codec.NtStatus;
import org.junit.jupiter.api.Test;

/** The ErrorKind to NTSTATUS table. */
class SmbErrorsTest {
  @Test
  void everyKindIsAnErrorStatus() {
    for (ErrorKind k : ErrorKind.values()) {
      assertThat(SmbErrors.statusOf(k).isError()).as(k.name()).isTrue();
    }
  }

  @Test
  void theStatusesClientsTestForAreExact() {
    assertThat(SmbErrors.statusOf(ErrorKind.NOT_FOUND)).isEqualTo(NtStatus.OBJECT_NAME_NOT_FOUND);
    assertThat(SmbErrors.statusOf(ErrorKind.EXISTS)).isEqualTo(NtStatus.OBJECT_NAME_COLLISION);
    assertThat(SmbErrors.statusOf(ErrorKind.NOT_EMPTY)).isEqualTo(NtStatus.DIRECTORY_NOT_EMPTY);
    assertThat(SmbErrors.statusOf(ErrorKind.ACCESS_DENIED)).isEqualTo(NtStatus.ACCESS_DENIED);
    assertThat(SmbErrors.statusOf(ErrorKind.LOCKED)).isEqualTo(NtStatus.LOCK_NOT_GRANTED);
    assertThat(SmbErrors.statusOf(ErrorKind.NOT_LOCKED)).isEqualTo(NtStatus.RANGE_NOT_LOCKED);
    assertThat(SmbErrors.statusOf(ErrorKind.SHARING_VIOLATION)).isEqualTo(NtStatus.SHARING_VIOLATION);
    assertThat(SmbErrors.statusOf(ErrorKind.STALE)).isEqualTo(NtStatus.FILE_CLOSED);
  }
}
