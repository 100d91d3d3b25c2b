package dev.estuary.dfs.engine.contract;

import dev.estuary.dfs.DfsProvider;
import dev.estuary.dfs.contract.CaseInsensitiveLookupContract;

/** Runs {@link CaseInsensitiveLookupContract} against the engine inside the standard decorators. */
class EngineDecoratedCaseInsensitiveLookupTest extends CaseInsensitiveLookupContract {
  @Override
  protected DfsProvider provider() {
    return new DecoratedEngineProvider();
  }
}
