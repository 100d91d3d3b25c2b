package dev.estuary.dfs.remote.contract;

import dev.estuary.dfs.DfsProvider;
import dev.estuary.dfs.contract.ChangeCounterContract;

/** Runs {@link ChangeCounterContract} through RemoteDfs against a RemoteServer serving the engine. */
class RemoteChangeCounterTest extends ChangeCounterContract {
  @Override
  protected DfsProvider provider() {
    return new RemoteEngineProvider();
  }
}
