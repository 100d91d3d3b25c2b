package dev.estuary.dfs.remote.contract;

import dev.estuary.dfs.DfsProvider;
import dev.estuary.dfs.contract.SmallReadContract;

/** Runs {@link SmallReadContract} through RemoteDfs against a RemoteServer serving the engine. */
class RemoteSmallReadTest extends SmallReadContract {
  @Override
  protected DfsProvider provider() {
    return new RemoteEngineProvider();
  }
}
