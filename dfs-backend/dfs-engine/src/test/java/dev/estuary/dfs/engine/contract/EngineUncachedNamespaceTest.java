package dev.estuary.dfs.engine.contract;

import dev.estuary.dfs.DfsProvider;
import dev.estuary.dfs.contract.NamespaceContract;
import dev.estuary.dfs.engine.EngineProvider;
import java.util.Map;

/** Runs {@link NamespaceContract} against the engine with the metadata cache off, so every read goes to RocksDB. */
class EngineUncachedNamespaceTest extends NamespaceContract {
  @Override
  protected DfsProvider provider() {
    return new EngineProvider();
  }

  @Override
  protected Map<String, String> options() {
    return Map.of("metadata-cache-mb", "0");
  }
}
