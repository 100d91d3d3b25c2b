package dev.estuary.dfs.remote.contract;

import dev.estuary.dfs.DfsProvider;
import dev.estuary.dfs.contract.FileNumberContract;

/** Runs {@link FileNumberContract} through RemoteDfs against a RemoteServer serving the engine. */
class RemoteFileNumberTest extends FileNumberContract {
  @Override
  protected DfsProvider provider() {
    return new RemoteEngineProvider();
  }
}
