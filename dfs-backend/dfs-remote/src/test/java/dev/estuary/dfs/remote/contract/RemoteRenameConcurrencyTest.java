package dev.estuary.dfs.remote.contract;

import dev.estuary.dfs.DfsProvider;
import dev.estuary.dfs.contract.RenameConcurrencyContract;

/** Runs {@link RenameConcurrencyContract} through RemoteDfs against a RemoteServer serving the engine. */
class RemoteRenameConcurrencyTest extends RenameConcurrencyContract {
  @Override
  protected DfsProvider provider() {
    return new RemoteEngineProvider();
  }
}
