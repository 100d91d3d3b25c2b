package dev.estuary.dfs.engine.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.estuary.dfs.DfsProvider;
import dev.estuary.dfs.FileHandle;
import dev.estuary.dfs.ObjectId;
import dev.estuary.dfs.OpenMode;
import dev.estuary.dfs.contract.LocalDataContract;
import dev.estuary.dfs.engine.EngineProvider;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

/**
 * Runs {@link LocalDataContract} on the engine, and checks where the engine offers the facet: for
 * data files, never for inline data, and from the write that moves inline data to a data file on.
 */
class EngineLocalDataTest extends LocalDataContract {
  @Override
  protected DfsProvider provider() {
    return new EngineProvider();
  }

  @Test
  void inlineData_hasNoLocalFile_untilAWriteMovesItToADataFile() {
    ObjectId f = createFile(root, "small", randomBytes(100, 1)).id();
    try (FileHandle h = volume.open(f, OpenMode.READ_WRITE)) {
      assertThat(h.localData()).as("inline (100 bytes, threshold 64 KiB)").isEmpty();
      h.write(0, ByteBuffer.wrap(randomBytes(200_000, 2)));
      assertThat(h.localData()).as("after the write that moved it to a data file").isPresent();
    }
  }
}
