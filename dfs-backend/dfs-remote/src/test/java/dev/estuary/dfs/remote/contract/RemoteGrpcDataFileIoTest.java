package dev.estuary.dfs.remote.contract;

import dev.estuary.dfs.DfsProvider;
import dev.estuary.dfs.contract.FileIoContract;
import dev.estuary.dfs.remote.RemoteOptions;
import java.util.Map;

/**
 * Runs {@link FileIoContract} through RemoteDfs with every file in a data file (inline threshold 0)
 * and descriptor passing off: the gRPC data path, which TCP clients and inline files use, stays
 * tested on its own.
 */
class RemoteGrpcDataFileIoTest extends FileIoContract {
  @Override
  protected DfsProvider provider() {
    return new RemoteEngineProvider(RemoteOptions.DIRECT_OFF);
  }

  @Override
  protected Map<String, String> options() {
    return Map.of("inline-threshold", "0");
  }
}
