package dev.estuary.dfs.remote.contract;

import dev.estuary.dfs.DfsProvider;
import dev.estuary.dfs.contract.PathContract;

/** Runs {@link PathContract} through RemoteDfs against a RemoteServer serving the engine. */
class RemotePathTest extends PathContract {
  @Override
  protected DfsProvider provider() {
    return new RemoteEngineProvider();
  }
}
