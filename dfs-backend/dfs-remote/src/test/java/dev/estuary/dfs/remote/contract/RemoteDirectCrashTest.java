package dev.estuary.dfs.remote.contract;

import java.util.Map;

/**
 * {@link RemoteCrashTest} with every file in a data file and every write made by this JVM through
 * the passed descriptor between the server's beginWrite and endWrite: what the writer acknowledged
 * after a sync survives the engine daemon's SIGKILL, and the start-up repairs what the daemon had
 * not written back (the write was journaled by beginWrite).
 */
class RemoteDirectCrashTest extends RemoteCrashTest {
  @Override
  protected int directMinimum() {
    return 0;
  }

  @Override
  protected Map<String, String> options() {
    return Map.of("inline-threshold", "0");
  }
}
