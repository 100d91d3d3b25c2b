package dev.estuary.dfs.engine.contract;

import dev.estuary.dfs.DfsProvider;
import dev.estuary.dfs.contract.CopyTransferContract;
import dev.estuary.dfs.engine.EngineProvider;
import java.util.Map;

/** Runs {@link CopyTransferContract} with inlining off, so every file lives in a sparse data file. */
class EngineDataFileCopyTransferTest extends CopyTransferContract {
  @Override
  protected DfsProvider provider() {
    return new EngineProvider();
  }

  @Override
  protected Map<String, String> options() {
    return Map.of("inline-threshold", "0");
  }
}
