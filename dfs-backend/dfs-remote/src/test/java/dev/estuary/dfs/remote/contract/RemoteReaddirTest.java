package dev.estuary.dfs.remote.contract;

import dev.estuary.dfs.DfsProvider;
import dev.estuary.dfs.contract.ReaddirContract;

/** Runs {@link ReaddirContract} through RemoteDfs against a RemoteServer serving the engine. */
class RemoteReaddirTest extends ReaddirContract {
  @Override
  protected DfsProvider provider() {
    return new RemoteEngineProvider();
  }
}
