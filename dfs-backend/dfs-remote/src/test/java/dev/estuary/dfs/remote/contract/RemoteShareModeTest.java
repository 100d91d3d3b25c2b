package dev.estuary.dfs.remote.contract;

import dev.estuary.dfs.DfsProvider;
import dev.estuary.dfs.contract.ShareModeContract;

/** Runs {@link ShareModeContract} through RemoteDfs against a RemoteServer serving the engine. */
class RemoteShareModeTest extends ShareModeContract {
  @Override
  protected DfsProvider provider() {
    return new RemoteEngineProvider();
  }
}
