package dev.estuary.dfs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The validation of the numbers issue 9 added: positions, file numbers and link counts. */
class DirEntryAndAttributesTest {
  private static final ObjectId ID = new ObjectId(1, 2);

  private static Attributes attributes(long fileNumber, int linkCount) {
    Instant t = Instant.EPOCH;
    return new Attributes(ID, ObjectType.FILE, 0644, 0, 0, 0, 0, t, t, t, t, 1, fileNumber,
        linkCount);
  }

  @Test
  void position_isNoPositionOrAtLeastTheFirst() {
    assertThat(new DirEntry("a", ID, ObjectType.FILE, DirEntry.NO_POSITION, null).position()).isZero();
    assertThat(new DirEntry("a", ID, ObjectType.FILE, Long.MAX_VALUE, null).position())
        .isEqualTo(Long.MAX_VALUE);
    for (long reserved : new long[] {1, 2, -1, Long.MIN_VALUE}) {
      assertThatThrownBy(() -> new DirEntry("a", ID, ObjectType.FILE, reserved, null))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("position: " + reserved)
          .hasMessageContaining("(expected: 0 or 3 to " + Long.MAX_VALUE + ")");
    }
  }

  @Test
  void fileNumber_isPositive_andLinkCountNotNegative() {
    assertThat(attributes(1, 0).linkCount()).isZero();
    assertThatThrownBy(() -> attributes(0, 1)).hasMessageContaining("fileNumber: 0 (expected: positive)");
    assertThatThrownBy(() -> attributes(5, -1)).hasMessageContaining("linkCount: -1 (expected: 0 or more)");
  }

  @Test
  void caseLookup_requiresAttributes() {
    DirEntry bare = new DirEntry("a", ID, ObjectType.FILE, 3, null);
    assertThatThrownBy(() -> new CaseLookup(bare, false)).isInstanceOf(NullPointerException.class);
    DirEntry full = new DirEntry("a", ID, ObjectType.FILE, 3, attributes(2, 1));
    assertThat(new CaseLookup(full, true).collision()).isTrue();
  }

  @Test
  void positionPage_copiesItsEntries() {
    List<DirEntry> entries = new java.util.ArrayList<>();
    entries.add(new DirEntry("a", ID, ObjectType.FILE, 3, null));
    DirPositionPage page = new DirPositionPage(entries, 3, true);
    entries.clear();
    assertThat(page.entries()).hasSize(1);
  }
}
