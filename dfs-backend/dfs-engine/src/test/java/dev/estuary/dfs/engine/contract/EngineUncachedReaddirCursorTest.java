package dev.estuary.dfs.engine.contract;

import dev.estuary.dfs.DfsProvider;
import dev.estuary.dfs.contract.ReaddirCursorContract;
import dev.estuary.dfs.engine.EngineProvider;
import java.util.Map;

/** Runs {@link ReaddirCursorContract} against the engine with the metadata cache off, so every read goes to RocksDB. */
class EngineUncachedReaddirCursorTest extends ReaddirCursorContract {
  @Override
  protected DfsProvider provider() {
    return new EngineProvider();
  }

  @Override
  protected Map<String, String> options() {
    return Map.of("metadata-cache-mb", "0");
  }
}
