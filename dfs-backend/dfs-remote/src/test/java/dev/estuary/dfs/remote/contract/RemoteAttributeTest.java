package dev.estuary.dfs.remote.contract;

import dev.estuary.dfs.DfsProvider;
import dev.estuary.dfs.contract.AttributeContract;

/** Runs {@link AttributeContract} through RemoteDfs against a RemoteServer serving the engine. */
class RemoteAttributeTest extends AttributeContract {
  @Override
  protected DfsProvider provider() {
    return new RemoteEngineProvider();
  }
}
