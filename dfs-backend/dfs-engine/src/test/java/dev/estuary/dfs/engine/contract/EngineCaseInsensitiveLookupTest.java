package dev.estuary.dfs.engine.contract;

import dev.estuary.dfs.DfsProvider;
import dev.estuary.dfs.contract.CaseInsensitiveLookupContract;
import dev.estuary.dfs.engine.EngineProvider;

/** Runs {@link CaseInsensitiveLookupContract} against the engine with its default options. */
class EngineCaseInsensitiveLookupTest extends CaseInsensitiveLookupContract {
  @Override
  protected DfsProvider provider() {
    return new EngineProvider();
  }
}
