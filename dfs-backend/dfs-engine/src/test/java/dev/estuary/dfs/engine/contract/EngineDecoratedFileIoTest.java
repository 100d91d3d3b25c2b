package dev.estuary.dfs.engine.contract;

import dev.estuary.dfs.DfsProvider;
import dev.estuary.dfs.contract.FileIoContract;

/** Runs {@link FileIoContract} against the engine inside the standard decorators. */
class EngineDecoratedFileIoTest extends FileIoContract {
  @Override
  protected DfsProvider provider() {
    return new DecoratedEngineProvider();
  }
}
