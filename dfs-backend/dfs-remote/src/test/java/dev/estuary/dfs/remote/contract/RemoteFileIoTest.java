package dev.estuary.dfs.remote.contract;

import dev.estuary.dfs.DfsProvider;
import dev.estuary.dfs.contract.FileIoContract;

/** Runs {@link FileIoContract} through RemoteDfs against a RemoteServer serving the engine. */
class RemoteFileIoTest extends FileIoContract {
  @Override
  protected DfsProvider provider() {
    return new RemoteEngineProvider();
  }
}
