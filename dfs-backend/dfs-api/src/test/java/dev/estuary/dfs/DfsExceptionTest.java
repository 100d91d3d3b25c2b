package dev.estuary.dfs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import org.junit.jupiter.api.Test;

class DfsExceptionTest {
  @Test
  void answers_carryNoStackTrace() {
    for (ErrorKind kind : new ErrorKind[] {ErrorKind.NOT_FOUND, ErrorKind.EXISTS,
        ErrorKind.NOT_EMPTY, ErrorKind.NOT_DIRECTORY, ErrorKind.IS_DIRECTORY,
        ErrorKind.NO_SUCH_XATTR}) {
      DfsException e = new DfsException(kind, "name: 'x' (expected: ...)");
      assertThat(DfsException.isAnswer(kind)).as("%s", kind).isTrue();
      assertThat(e.getStackTrace()).as("%s", kind).isEmpty();
      assertThat(e.kind()).isEqualTo(kind);
      assertThat(e.getMessage()).isEqualTo("name: 'x' (expected: ...)");
    }
  }

  @Test
  void faults_keepTheirStackTrace() {
    for (ErrorKind kind : new ErrorKind[] {ErrorKind.IO_ERROR, ErrorKind.ACCESS_DENIED,
        ErrorKind.STALE, ErrorKind.NO_SPACE, ErrorKind.INVALID_ARGUMENT}) {
      assertThat(DfsException.isAnswer(kind)).as("%s", kind).isFalse();
      assertThat(new DfsException(kind, "m").getStackTrace()).as("%s", kind).isNotEmpty();
    }
  }

  @Test
  void anAnswerWithACause_keepsItsStackTrace() {
    DfsException e = new DfsException(ErrorKind.NOT_FOUND, "m", new IOException("disk"));
    assertThat(e.getStackTrace()).isNotEmpty();
    assertThat(e.getCause()).hasMessage("disk");
    assertThat(new DfsException(ErrorKind.NOT_FOUND, "m", null).getStackTrace()).isEmpty();
  }
}
