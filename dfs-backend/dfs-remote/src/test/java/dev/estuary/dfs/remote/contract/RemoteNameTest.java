package dev.estuary.dfs.remote.contract;

import dev.estuary.dfs.DfsProvider;
import dev.estuary.dfs.contract.NameContract;

/** Runs {@link NameContract} through RemoteDfs against a RemoteServer serving the engine. */
class RemoteNameTest extends NameContract {
  @Override
  protected DfsProvider provider() {
    return new RemoteEngineProvider();
  }
}
