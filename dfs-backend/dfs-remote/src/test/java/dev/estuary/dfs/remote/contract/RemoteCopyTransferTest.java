package dev.estuary.dfs.remote.contract;

import dev.estuary.dfs.DfsProvider;
import dev.estuary.dfs.contract.CopyTransferContract;

/** Runs {@link CopyTransferContract} through RemoteDfs against a RemoteServer serving the engine. */
class RemoteCopyTransferTest extends CopyTransferContract {
  @Override
  protected DfsProvider provider() {
    return new RemoteEngineProvider();
  }
}
