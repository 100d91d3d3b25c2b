package dev.estuary.dfs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class LimitsTest {

  @Test
  void checkName_255Bytes_accepted_256Bytes_nameTooLong() {
    // 85 three-byte characters = 255 bytes; one more ASCII byte makes 256.
    String name = "\u20ac".repeat(85);
    assertThat(name.getBytes(StandardCharsets.UTF_8)).hasSize(255);
    assertThat(Limits.checkName(name)).isEqualTo(name);
    assertThatThrownBy(() -> Limits.checkName(name + "a"))
        .isInstanceOfSatisfying(
            DfsException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.NAME_TOO_LONG))
        .hasMessageContaining("256 bytes");
  }

  @ParameterizedTest
  @ValueSource(strings = {"", ".", "..", "a/b", "nul\0", "lone\ud800", "\udc00x"})
  void checkName_invalid_invalidArgument(String name) {
    assertThatThrownBy(() -> Limits.checkName(name))
        .isInstanceOfSatisfying(
            DfsException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_ARGUMENT));
  }

  @ParameterizedTest
  @ValueSource(strings = {"...", ".hidden", "a b", "\ud83d\ude00", "caf\u00e9", "cafe\u0301"})
  void checkName_unusualButValid_accepted(String name) {
    assertThat(Limits.checkName(name)).isEqualTo(name);
  }

  @ParameterizedTest
  @ValueSource(strings = {"abc", "my-bucket.2024", "a1b", "1.2.3", "1.2.3.4.5", "1234.1.1.1",
      "1.2.3.4a", "1.2.3.a4", "10.0.0.01234", "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"})
  void checkVolumeName_valid_accepted(String name) {
    assertThat(Limits.checkVolumeName(name)).isEqualTo(name);
  }

  @ParameterizedTest
  @ValueSource(strings = {"ab", "Abc", "-abc", "abc-", "a..b", "a_b", "192.168.1.1", "1.2.3.4",
      "999.999.999.999", "000.0.00.1", "xyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyy"})
  void checkVolumeName_invalid_invalidArgument(String name) {
    assertThatThrownBy(() -> Limits.checkVolumeName(name))
        .isInstanceOfSatisfying(
            DfsException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_ARGUMENT))
        .hasMessageContaining(name);
  }

  @Test
  void utf8Length_matchesEncoder() {
    for (String s : new String[] {"", "abc", "\u00e9", "\u20ac", "\ud83d\ude00x", "\ud800"}) {
      int expected = s.equals("\ud800") ? 3 : s.getBytes(StandardCharsets.UTF_8).length;
      assertThat(Limits.utf8Length(s)).as(s).isEqualTo(expected);
    }
  }

  @Test
  void checkXattr_limits() {
    Limits.checkXattr("n".repeat(255), 65536);
    assertThatThrownBy(() -> Limits.checkXattr("n".repeat(256), 1))
        .isInstanceOfSatisfying(
            DfsException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.XATTR_TOO_LARGE));
    assertThatThrownBy(() -> Limits.checkXattr("user.x", 65537))
        .isInstanceOfSatisfying(
            DfsException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.XATTR_TOO_LARGE));
    assertThatThrownBy(() -> Limits.checkXattr("", 0))
        .isInstanceOfSatisfying(
            DfsException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_ARGUMENT));
  }

  @Test
  void checkRange_negativeOrOverflowing_rejected() {
    Limits.checkRange(0, 0);
    Limits.checkRange(Long.MAX_VALUE - 1, 1);
    assertThatThrownBy(() -> Limits.checkRange(-1, 1))
        .isInstanceOfSatisfying(
            DfsException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_ARGUMENT));
    assertThatThrownBy(() -> Limits.checkRange(Long.MAX_VALUE, 1))
        .isInstanceOfSatisfying(
            DfsException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.FILE_TOO_LARGE));
  }
}
