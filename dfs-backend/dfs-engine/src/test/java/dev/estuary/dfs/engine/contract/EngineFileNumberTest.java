package dev.estuary.dfs.engine.contract;

import dev.estuary.dfs.DfsProvider;
import dev.estuary.dfs.contract.FileNumberContract;
import dev.estuary.dfs.engine.EngineProvider;

/** Runs {@link FileNumberContract} against the engine with its default options. */
class EngineFileNumberTest extends FileNumberContract {
  @Override
  protected DfsProvider provider() {
    return new EngineProvider();
  }
}
