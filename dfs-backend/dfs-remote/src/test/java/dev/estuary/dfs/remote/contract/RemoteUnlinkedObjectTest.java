package dev.estuary.dfs.remote.contract;

import dev.estuary.dfs.DfsProvider;
import dev.estuary.dfs.contract.UnlinkedObjectContract;

/** Runs {@link UnlinkedObjectContract} through RemoteDfs against a RemoteServer serving the engine. */
class RemoteUnlinkedObjectTest extends UnlinkedObjectContract {
  @Override
  protected DfsProvider provider() {
    return new RemoteEngineProvider();
  }
}
