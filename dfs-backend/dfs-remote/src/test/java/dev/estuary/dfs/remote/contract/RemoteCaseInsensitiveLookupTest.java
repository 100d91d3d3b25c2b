package dev.estuary.dfs.remote.contract;

import dev.estuary.dfs.DfsProvider;
import dev.estuary.dfs.contract.CaseInsensitiveLookupContract;

/** Runs {@link CaseInsensitiveLookupContract} through RemoteDfs against a RemoteServer serving the engine. */
class RemoteCaseInsensitiveLookupTest extends CaseInsensitiveLookupContract {
  @Override
  protected DfsProvider provider() {
    return new RemoteEngineProvider();
  }
}
