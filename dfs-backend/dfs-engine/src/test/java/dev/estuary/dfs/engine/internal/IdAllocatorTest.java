package dev.estuary.dfs.engine.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdAllocatorTest {
  @TempDir Path dir;

  @Test
  void idsAreNeverReusedAcrossReopenAndTheMarkIsPersistedFirst() {
    Set<Long> seen = new HashSet<>();
    long last = 0;
    for (int run = 0; run < 3; run++) {
      // Closing the store without any shutdown step of the allocator is what a crash leaves.
      try (MetaStore store = MetaStore.open(dir.resolve("meta"), dir, 1 << 20)) {
        IdAllocator ids = new IdAllocator(store, 10);
        for (int i = 0; i < 25; i++) {
          long id = ids.next();
          assertThat(id).isGreaterThan(last);
          assertThat(seen.add(id)).isTrue();
          // Whatever was handed out lies below the persisted mark.
          long persisted = Codec.decodeLong(store.get(store.meta, IdAllocator.KEY));
          assertThat(id).isLessThan(persisted);
          last = id;
        }
      }
    }
    assertThat(seen).hasSize(75);
  }

  @Test
  void concurrentCallersGetDistinctIds() throws Exception {
    try (MetaStore store = MetaStore.open(dir.resolve("meta"), dir, 1 << 20)) {
      IdAllocator ids = new IdAllocator(store, 7);
      Set<Long> seen = java.util.concurrent.ConcurrentHashMap.newKeySet();
      Thread[] threads = new Thread[4];
      for (int t = 0; t < threads.length; t++) {
        threads[t] = new Thread(() -> {
          for (int i = 0; i < 500; i++) {
            seen.add(ids.next());
          }
        });
        threads[t].start();
      }
      for (Thread t : threads) {
        t.join();
      }
      assertThat(seen).hasSize(2000);
      assertThat(ids.highWaterMark()).isGreaterThan(seen.stream().mapToLong(Long::longValue).max().orElseThrow());
    }
  }
}
