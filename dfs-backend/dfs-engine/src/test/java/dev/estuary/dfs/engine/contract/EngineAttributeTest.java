package dev.estuary.dfs.engine.contract;

import dev.estuary.dfs.DfsProvider;
import dev.estuary.dfs.contract.AttributeContract;
import dev.estuary.dfs.engine.EngineProvider;

/** Runs {@link AttributeContract} against the engine with its default options. */
class EngineAttributeTest extends AttributeContract {
  @Override
  protected DfsProvider provider() {
    return new EngineProvider();
  }
}
