package dev.estuary.dfs.engine.contract;

import dev.estuary.dfs.DfsProvider;
import dev.estuary.dfs.contract.VolumeContract;
import dev.estuary.dfs.engine.EngineProvider;

/** Runs {@link VolumeContract} against the engine with its default options. */
class EngineVolumeTest extends VolumeContract {
  @Override
  protected DfsProvider provider() {
    return new EngineProvider();
  }
}
