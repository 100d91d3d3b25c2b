package dev.estuary.dfs.remote.contract;

import dev.estuary.dfs.DfsProvider;
import dev.estuary.dfs.contract.RestartContract;

/** Runs {@link RestartContract} through RemoteDfs against a RemoteServer serving the engine. */
class RemoteRestartTest extends RestartContract {
  @Override
  protected DfsProvider provider() {
    return new RemoteEngineProvider();
  }
}
