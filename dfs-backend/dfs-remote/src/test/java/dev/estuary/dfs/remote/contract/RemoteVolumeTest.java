package dev.estuary.dfs.remote.contract;

import dev.estuary.dfs.DfsProvider;
import dev.estuary.dfs.contract.VolumeContract;

/** Runs {@link VolumeContract} through RemoteDfs against a RemoteServer serving the engine. */
class RemoteVolumeTest extends VolumeContract {
  @Override
  protected DfsProvider provider() {
    return new RemoteEngineProvider();
  }
}
