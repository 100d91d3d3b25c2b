package dev.estuary.s3.internal.ops;

import static org.assertj.core.api.Assertions.assertThat;

import dev.estuary.dfs.ErrorKind;
import dev.estuary.s3.internal.error.S3ErrorCode;
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
}
