package dev.estuary.s3.internal.ops;

import static org.assertj.core.api.Assertions.assertThat;

import dev.estuary.dfs.DfsException;
import dev.estuary.dfs.ErrorKind;
import dev.estuary.s3.internal.error.S3ErrorCode;
import dev.estuary.s3.internal.error.S3Exception;
import org.junit.jupiter.api.Test;

class ErrorKindMapTest {
  @Test
  void everyKindHasACode() {
    for (ErrorKind k : ErrorKind.values()) {
      assertThat(ErrorKindMap.code(k)).as(k.name()).isNotNull();
    }
    assertThat(ErrorKindMap.code(ErrorKind.NOT_FOUND)).isEqualTo(S3ErrorCode.NO_SUCH_KEY);
    assertThat(ErrorKindMap.code(ErrorKind.ACCESS_DENIED)).isEqualTo(S3ErrorCode.ACCESS_DENIED);
    assertThat(ErrorKindMap.code(ErrorKind.LOCKED)).isEqualTo(S3ErrorCode.OPERATION_ABORTED);
    assertThat(ErrorKindMap.code(ErrorKind.SHARING_VIOLATION)).isEqualTo(S3ErrorCode.OPERATION_ABORTED);
  }

  @Test
  void serverFailuresDoNotShowTheBackendsText() {
    // The engine's text for an I/O failure carries the Java exception and an object id.
    DfsException io = new DfsException(ErrorKind.IO_ERROR,
        "resize of 0x2a failed: java.io.IOException: No space left on device");
    S3Exception s3 = ErrorKindMap.toS3(io);
    assertThat(s3.errorCode()).isEqualTo(S3ErrorCode.INTERNAL_ERROR);
    assertThat(s3.getMessage()).isEqualTo(S3ErrorCode.INTERNAL_ERROR.defaultMessage());
    assertThat(s3.getCause()).isSameAs(io);
    for (ErrorKind k : ErrorKind.values()) {
      S3Exception e = ErrorKindMap.toS3(new DfsException(k, "java.lang.IllegalStateException: x"));
      if (e.errorCode().httpStatus() >= 500) {
        assertThat(e.getMessage()).as(k.name()).doesNotContain("java.");
      }
    }
    // A client error keeps the backend's message: it names what the request got wrong.
    assertThat(ErrorKindMap.toS3(new DfsException(ErrorKind.NAME_TOO_LONG, "name: 300 bytes"))
        .getMessage()).isEqualTo("name: 300 bytes");
  }
}
