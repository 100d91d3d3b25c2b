package dev.estuary.dfs.remote.contract;

import dev.estuary.dfs.DfsProvider;
import dev.estuary.dfs.contract.RenameContract;

/** Runs {@link RenameContract} through RemoteDfs against a RemoteServer serving the engine. */
class RemoteRenameTest extends RenameContract {
  @Override
  protected DfsProvider provider() {
    return new RemoteEngineProvider();
  }
}
