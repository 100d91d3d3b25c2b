package dev.estuary.dfs.remote.contract;

import dev.estuary.dfs.DfsProvider;
import dev.estuary.dfs.contract.XattrContract;

/** Runs {@link XattrContract} through RemoteDfs against a RemoteServer serving the engine. */
class RemoteXattrTest extends XattrContract {
  @Override
  protected DfsProvider provider() {
    return new RemoteEngineProvider();
  }
}
