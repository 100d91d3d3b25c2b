package dev.estuary.dfs.remote.contract;

import dev.estuary.dfs.DfsProvider;
import dev.estuary.dfs.contract.NamespaceContract;

/** Runs {@link NamespaceContract} through RemoteDfs against a RemoteServer serving the engine. */
class RemoteNamespaceTest extends NamespaceContract {
  @Override
  protected DfsProvider provider() {
    return new RemoteEngineProvider();
  }
}
