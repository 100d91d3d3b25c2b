package dev.estuary.s3.internal.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.estuary.s3.internal.error.S3ErrorCode;
import dev.estuary.s3.internal.error.S3Exception;
import org.junit.jupiter.api.Test;

class KeyPathTest {
  @Test
  void keysSplitIntoSegments() {
    KeyPath p = KeyPath.parse("photos/2024/a.jpg");
    assertThat(p.segments()).containsExactly("photos", "2024", "a.jpg");
    assertThat(p.parentPath()).isEqualTo("photos/2024");
    assertThat(p.name()).isEqualTo("a.jpg");
    assertThat(p.isDirectory()).isFalse();
    assertThat(KeyPath.parse("dir/").isDirectory()).isTrue();
    assertThat(KeyPath.parse("a b/..c/.d").segments()).containsExactly("a b", "..c", ".d");
  }

  @Test
  void keysThatCannotBePathsAreInvalidArgument() {
    for (String k : new String[] {"/a", "a//b", "a/./b", "a/../b", "..", ".", "/", "a\0b"}) {
      assertThatThrownBy(() -> KeyPath.parse(k)).as(k).isInstanceOf(S3Exception.class)
          .satisfies(e -> assertThat(((S3Exception) e).errorCode())
              .isEqualTo(S3ErrorCode.INVALID_ARGUMENT));
    }
    assertThatThrownBy(() -> KeyPath.parse("x".repeat(256))).isInstanceOf(S3Exception.class)
        .hasMessageContaining("256 bytes");
  }

  @Test
  void keysOver1024BytesAreKeyTooLong() {
    String k = "é".repeat(513);
    assertThatThrownBy(() -> KeyPath.parse(k)).isInstanceOf(S3Exception.class)
        .satisfies(e -> assertThat(((S3Exception) e).errorCode()).isEqualTo(S3ErrorCode.KEY_TOO_LONG))
        .hasMessageContaining("1026 bytes");
    assertThat(KeyPath.parse(("a".repeat(200) + "/").repeat(5) + "x".repeat(19)).segments())
        .hasSize(6);
  }
}
