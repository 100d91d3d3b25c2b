package dev.estuary.dfs.remote.contract;

import dev.estuary.dfs.DfsProvider;
import dev.estuary.dfs.contract.WatchContract;

/** Runs {@link WatchContract} through RemoteDfs against a RemoteServer serving the engine. */
class RemoteWatchTest extends WatchContract {
  @Override
  protected DfsProvider provider() {
    return new RemoteEngineProvider();
  }
}
