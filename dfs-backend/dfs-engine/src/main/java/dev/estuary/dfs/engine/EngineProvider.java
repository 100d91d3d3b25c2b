package dev.estuary.dfs.engine;

import dev.estuary.dfs.Dfs;
import dev.estuary.dfs.DfsProvider;
import dev.estuary.dfs.FsckReport;
import dev.estuary.dfs.engine.internal.EngineDfs;
import dev.estuary.dfs.engine.internal.Fsck;
import java.util.function.Consumer;

/**
 * The embedded engine ({@code engine}), the default backend on a single node (DESIGN §4):
 * metadata in RocksDB under {@code <data>/engine/meta}, file data inline in RocksDB for small files
 * and in one sparse file per object under {@code <data>/engine/objects/<volume>/<xx>/<object id>}
 * for larger ones. A second process opening the same data directory fails with {@link
 * dev.estuary.dfs.ErrorKind#BUSY}. It offers every {@link dev.estuary.dfs.Capability}.
 *
 * <p>Options ({@link DfsProvider.Context#options()}; unknown keys are refused with {@link
 * dev.estuary.dfs.ErrorKind#INVALID_ARGUMENT}):
 *
 * <table>
 *   <caption>Engine options</caption>
 *   <tr><th>key</th><th>default</th><th>meaning</th></tr>
 *   <tr><td>{@code inline-threshold}</td><td>65536</td><td>largest file, in bytes (0 to 1048576),
 *       whose data is kept inside RocksDB; a file growing past it moves to a sparse data file</td></tr>
 *   <tr><td>{@code block-cache-mb}</td><td>512</td><td>RocksDB block cache, in MiB: data blocks,
 *       and the index and bloom filter blocks of every table (those of level 0 pinned); memory is
 *       only taken as blocks are read, so an unused cache costs nothing</td></tr>
 *   <tr><td>{@code flush-interval-ms}</td><td>1000</td><td>how often sizes and times of open files
 *       are written back to RocksDB (they are always written at sync and at last close); also,
 *       when files were removed since, how often the WAL is fsynced so that their data files,
 *       kept until their removal is durable, are deleted</td></tr>
 *   <tr><td>{@code metadata-cache-mb}</td><td>256</td><td>heap, in MiB, for decoded attributes,
 *       directory entries and whole listings of small directories kept in memory for lookups (a third
 *       each), weighed by an estimate of each one's heap bytes (a few hundred bytes an object, more
 *       for long names) and evicting the least used a few at a time; 0 turns the cache off</td></tr>
 *   <tr><td>{@code id-block}</td><td>1048576</td><td>object ids reserved per fsynced high-water
 *       mark update (ids are never reused; a restart skips what is left of one block, out of
 *       2<sup>64</sup>)</td></tr>
 * </table>
 *
 * <p>Meters: {@code estuary.engine.fsyncs} (tag {@code kind} = wal/data/directory), {@code
 * estuary.engine.open.objects}, {@code estuary.engine.rocksdb.keys}, the metadata cache's {@code
 * cache.gets} (tags {@code cache} = estuary.engine.inodes/entries, {@code result} = hit/miss; also
 * {@code cache.size}, {@code cache.evictions}, ...), {@code estuary.engine.listing.cache.gets}, {@code
 * estuary.engine.metadata.cache.bytes} and {@code estuary.engine.metadata.cache.hit.ratio}. Calls and bytes are counted
 * by the launcher's metrics decorator ({@code dev.estuary.dfs.decorate.MeteredDfs}), for every
 * backend alike.
 */
public final class EngineProvider implements DfsProvider {
  /** The provider name, {@code engine}. */
  public static final String NAME = "engine";

  /** Creates the provider (used by {@link java.util.ServiceLoader}). */
  public EngineProvider() {}

  /**
   * Returns {@value #NAME}.
   *
   * @return the provider name
   */
  @Override
  public String name() {
    return NAME;
  }

  /**
   * Opens the engine under {@code context.dataDirectory()}, creating it if needed, after reclaiming
   * what a crash left behind.
   *
   * @param context where and with what to run
   * @return the open engine
   */
  @Override
  public Dfs open(Context context) {
    return EngineDfs.open(context);
  }

  /**
   * Checks (and with {@code repair}, fixes) a data directory no process has open: every entry
   * names a live object whose back-pointer matches, every live object is named (else it is moved
   * to {@code lost+found} of its volume), directory entry counts and object counts are right,
   * pending orphans and data files without an object are reclaimed.
   *
   * @param context where the engine lives
   * @param repair whether to fix what is found
   * @param progress receives a line every 10000 objects
   * @return the findings
   */
  @Override
  public FsckReport fsck(Context context, boolean repair, Consumer<String> progress) {
    return Fsck.run(context, repair, progress);
  }
}
