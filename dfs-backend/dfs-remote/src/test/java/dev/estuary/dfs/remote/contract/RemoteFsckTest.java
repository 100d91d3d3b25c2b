package dev.estuary.dfs.remote.contract;

import dev.estuary.dfs.DfsProvider;
import dev.estuary.dfs.contract.FsckContract;

/** Runs {@link FsckContract} through RemoteDfs against a RemoteServer serving the engine. */
class RemoteFsckTest extends FsckContract {
  @Override
  protected DfsProvider provider() {
    return new RemoteEngineProvider();
  }
}
