package dev.estuary.dfs.remote.contract;

import dev.estuary.dfs.DfsProvider;
import dev.estuary.dfs.contract.ProviderContract;

/** Runs {@link ProviderContract} through RemoteDfs against a RemoteServer serving the engine. */
class RemoteProviderTest extends ProviderContract {
  @Override
  protected DfsProvider provider() {
    return new RemoteEngineProvider();
  }
}
