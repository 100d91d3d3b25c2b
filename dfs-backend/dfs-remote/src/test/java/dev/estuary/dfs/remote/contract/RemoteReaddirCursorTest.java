package dev.estuary.dfs.remote.contract;

import dev.estuary.dfs.DfsProvider;
import dev.estuary.dfs.contract.ReaddirCursorContract;

/** Runs {@link ReaddirCursorContract} through RemoteDfs against a RemoteServer serving the engine. */
class RemoteReaddirCursorTest extends ReaddirCursorContract {
  @Override
  protected DfsProvider provider() {
    return new RemoteEngineProvider();
  }
}
