package dev.estuary.dfs;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DirCursorTest {

  @Test
  void fromBytes_copiesAndRoundTrips() {
    byte[] raw = {1, 2, 3};
    DirCursor cursor = DirCursor.fromBytes(raw);
    raw[0] = 9;
    assertThat(cursor.toBytes()).containsExactly(1, 2, 3);
    assertThat(DirCursor.fromBytes(cursor.toBytes())).isEqualTo(cursor);
    assertThat(cursor.isStart()).isFalse();
  }

  @Test
  void emptyBytes_isStart() {
    assertThat(DirCursor.fromBytes(new byte[0])).isSameAs(DirCursor.START);
    assertThat(DirCursor.START.isStart()).isTrue();
  }
}
