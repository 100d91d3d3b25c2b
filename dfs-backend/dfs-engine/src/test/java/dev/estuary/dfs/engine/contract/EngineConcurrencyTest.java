package dev.estuary.dfs.engine.contract;

import dev.estuary.dfs.DfsProvider;
import dev.estuary.dfs.contract.ConcurrencyContract;
import dev.estuary.dfs.engine.EngineProvider;

/** Runs {@link ConcurrencyContract} against the engine with its default options. */
class EngineConcurrencyTest extends ConcurrencyContract {
  @Override
  protected DfsProvider provider() {
    return new EngineProvider();
  }
}
