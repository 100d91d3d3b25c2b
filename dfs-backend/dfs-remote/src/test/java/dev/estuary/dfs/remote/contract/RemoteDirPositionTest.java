package dev.estuary.dfs.remote.contract;

import dev.estuary.dfs.DfsProvider;
import dev.estuary.dfs.contract.DirPositionContract;

/** Runs {@link DirPositionContract} through RemoteDfs against a RemoteServer serving the engine. */
class RemoteDirPositionTest extends DirPositionContract {
  @Override
  protected DfsProvider provider() {
    return new RemoteEngineProvider();
  }
}
