package dev.estuary.dfs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ObjectIdTest {

  @Test
  void bytesAndHex_roundTrip() {
    ObjectId id = new ObjectId(0x0123456789abcdefL, -2L);
    assertThat(ObjectId.fromBytes(id.toBytes())).isEqualTo(id);
    assertThat(id.toString()).isEqualTo("0123456789abcdef" + "fffffffffffffffe");
    assertThat(ObjectId.parse(id.toString())).isEqualTo(id);
  }

  @Test
  void compareTo_isUnsigned() {
    assertThat(new ObjectId(0, -1L)).isGreaterThan(new ObjectId(0, 1L));
    assertThat(new ObjectId(-1L, 0)).isGreaterThan(new ObjectId(1L, -1L));
  }

  @Test
  void malformed_invalidArgument() {
    assertThatThrownBy(() -> ObjectId.fromBytes(new byte[15]))
        .isInstanceOfSatisfying(
            DfsException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_ARGUMENT))
        .hasMessageContaining("15");
    assertThatThrownBy(() -> ObjectId.parse("zz".repeat(16)))
        .isInstanceOfSatisfying(
            DfsException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_ARGUMENT));
  }
}
