package dev.estuary.dfs.engine.contract;

import dev.estuary.dfs.DfsProvider;
import dev.estuary.dfs.contract.ReaddirCursorContract;
import dev.estuary.dfs.engine.EngineProvider;

/** Runs {@link ReaddirCursorContract} against the engine with its default options. */
class EngineReaddirCursorTest extends ReaddirCursorContract {
  @Override
  protected DfsProvider provider() {
    return new EngineProvider();
  }
}
