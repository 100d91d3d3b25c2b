package dev.estuary.dfs.remote.contract;

import dev.estuary.dfs.DfsProvider;
import dev.estuary.dfs.contract.RetentionContract;

/** Runs {@link RetentionContract} through RemoteDfs against a RemoteServer serving the engine. */
class RemoteRetentionTest extends RetentionContract {
  @Override
  protected DfsProvider provider() {
    return new RemoteEngineProvider();
  }
}
