package dev.estuary.dfs.engine.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.estuary.dfs.ObjectId;
import dev.estuary.dfs.ObjectType;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class MetaCacheTest {
  private static Inode inode(long lo) {
    Instant t = Instant.EPOCH;
    return new Inode(new ObjectId(1, lo), ObjectType.FILE, 0, 0644, 0, 0, 0, 0, t, t, t, t, lo,
        0, 0, null, null, null);
  }

  private static int present(MetaCache cache, int n) {
    int hits = 0;
    for (int i = 0; i < n; i++) {
      if (cache.inode(new ObjectId(1, i)) != null) {
        hits++;
      }
    }
    return hits;
  }

  @Test
  void aFullCacheEvictsAFewObjectsNotAll() {
    MetaCache cache = new MetaCache(1000);
    for (int i = 0; i < 1000; i++) {
      cache.fillInode(cache.generation(), inode(i));
    }
    assertThat(present(cache, 1000)).isEqualTo(1000);
    // 50% more than fits: emptying the map when full would keep only the last 500.
    for (int i = 1000; i < 1500; i++) {
      cache.fillInode(cache.generation(), inode(i));
      cache.inode(new ObjectId(1, i));
    }
    int hits = present(cache, 1500);
    assertThat(hits).isLessThanOrEqualTo(1000).isGreaterThanOrEqualTo(950);
  }

  @Test
  void aFillAfterACommitIsRefusedAndEntriesObeyTheBound() {
    MetaCache cache = new MetaCache(100);
    long gen = cache.generation();
    cache.committed();
    cache.fillInode(gen, inode(7));
    assertThat(cache.inode(new ObjectId(1, 7))).isNull();
    ObjectId dir = new ObjectId(1, 1);
    for (int i = 0; i < 300; i++) {
      cache.fillEntry(cache.generation(), dir, "n" + i, new MetaCache.Entry(new ObjectId(1, i), ObjectType.FILE, 3 + i));
    }
    int hits = 0;
    for (int i = 0; i < 300; i++) {
      if (cache.entry(dir, "n" + i) != null) {
        hits++;
      }
    }
    assertThat(hits).isBetween(90, 100);
  }

  @Test
  void zeroDisablesTheCache() {
    MetaCache cache = new MetaCache(0);
    cache.fillInode(cache.generation(), inode(1));
    cache.putInode(inode(2));
    assertThat(cache.inode(new ObjectId(1, 1))).isNull();
    assertThat(cache.inode(new ObjectId(1, 2))).isNull();
  }
}
