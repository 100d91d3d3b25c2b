package dev.estuary.dfs.remote.contract;

import dev.estuary.dfs.DfsProvider;
import dev.estuary.dfs.contract.SparseFileContract;

/** Runs {@link SparseFileContract} through RemoteDfs against a RemoteServer serving the engine. */
class RemoteSparseFileTest extends SparseFileContract {
  @Override
  protected DfsProvider provider() {
    return new RemoteEngineProvider();
  }
}
