package dev.estuary.dfs.remote.contract;

import dev.estuary.dfs.DfsProvider;
import dev.estuary.dfs.contract.CapabilityContract;

/** Runs {@link CapabilityContract} through RemoteDfs against a RemoteServer serving the engine. */
class RemoteCapabilityTest extends CapabilityContract {
  @Override
  protected DfsProvider provider() {
    return new RemoteEngineProvider();
  }
}
