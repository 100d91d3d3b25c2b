package dev.estuary.dfs.engine.contract;

import dev.estuary.dfs.DfsProvider;
import dev.estuary.dfs.contract.FileIoContract;
import dev.estuary.dfs.engine.EngineProvider;

/** Runs {@link FileIoContract} against the engine with its default options. */
class EngineFileIoTest extends FileIoContract {
  @Override
  protected DfsProvider provider() {
    return new EngineProvider();
  }
}
