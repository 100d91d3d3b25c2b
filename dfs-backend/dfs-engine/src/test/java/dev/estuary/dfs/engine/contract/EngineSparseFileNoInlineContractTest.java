package dev.estuary.dfs.engine.contract;

import dev.estuary.dfs.DfsProvider;
import dev.estuary.dfs.contract.SparseFileContract;
import dev.estuary.dfs.engine.EngineProvider;
import java.util.Map;

/** Runs {@link SparseFileContract} against the engine with inline storage off: every file is a data file. */
class EngineSparseFileNoInlineContractTest extends SparseFileContract {
  @Override
  protected DfsProvider provider() {
    return new EngineProvider();
  }

  @Override
  protected Map<String, String> options() {
    return Map.of("inline-threshold", "0");
  }
}
