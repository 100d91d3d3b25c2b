package dev.estuary.dfs.remote.contract;

import dev.estuary.dfs.DfsProvider;
import dev.estuary.dfs.contract.LockContract;

/** Runs {@link LockContract} through RemoteDfs against a RemoteServer serving the engine. */
class RemoteLockTest extends LockContract {
  @Override
  protected DfsProvider provider() {
    return new RemoteEngineProvider();
  }
}
