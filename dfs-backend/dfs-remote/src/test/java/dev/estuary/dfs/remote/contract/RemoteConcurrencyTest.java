package dev.estuary.dfs.remote.contract;

import dev.estuary.dfs.DfsProvider;
import dev.estuary.dfs.contract.ConcurrencyContract;

/** Runs {@link ConcurrencyContract} through RemoteDfs against a RemoteServer serving the engine. */
class RemoteConcurrencyTest extends ConcurrencyContract {
  @Override
  protected DfsProvider provider() {
    return new RemoteEngineProvider();
  }
}
