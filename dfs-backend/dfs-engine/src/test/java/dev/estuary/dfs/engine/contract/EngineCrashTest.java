package dev.estuary.dfs.engine.contract;

import dev.estuary.dfs.DfsProvider;
import dev.estuary.dfs.contract.CrashContract;
import dev.estuary.dfs.engine.EngineProvider;

/** Runs {@link CrashContract} against the engine with its default options. */
class EngineCrashTest extends CrashContract {
  @Override
  protected DfsProvider provider() {
    return new EngineProvider();
  }
}
