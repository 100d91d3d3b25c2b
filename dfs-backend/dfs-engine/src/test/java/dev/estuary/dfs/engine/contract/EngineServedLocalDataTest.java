package dev.estuary.dfs.engine.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.estuary.dfs.DfsProvider;
import dev.estuary.dfs.FileHandle;
import dev.estuary.dfs.ObjectId;
import dev.estuary.dfs.OpenMode;
import dev.estuary.dfs.contract.LocalDataContract;
import dev.estuary.dfs.decorate.StandardDecorators;
import org.junit.jupiter.api.Test;

/**
 * Runs {@link LocalDataContract} on the engine inside the decorators node mode's engine daemon
 * serves ({@link StandardDecorators#served}: metrics over checks): they must carry the facet, or
 * the frontends of a node would never get a descriptor.
 */
class EngineServedLocalDataTest extends LocalDataContract {
  @Override
  protected DfsProvider provider() {
    return DecoratedEngineProvider.served();
  }

  @Test
  void theServedStack_offersTheFacetForADataFile() {
    ObjectId f = createFile(root, "big", randomBytes(200_000, 1)).id();
    try (FileHandle h = volume.open(f, OpenMode.READ)) {
      assertThat(h.localData()).isPresent();
    }
  }
}
