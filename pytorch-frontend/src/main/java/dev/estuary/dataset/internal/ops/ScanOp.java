package dev.estuary.dataset.internal.ops;

import dev.estuary.core.CheckedVolume;
import dev.estuary.core.Permission;
import dev.estuary.core.Principal;
import dev.estuary.dataset.internal.codec.RelPath;
import dev.estuary.dataset.internal.codec.RequestException;
import dev.estuary.dataset.internal.codec.ScanBatchBuilder;
import dev.estuary.dataset.proto.ScanRequest;
import dev.estuary.dataset.proto.ScanResponse;
import dev.estuary.dfs.Attributes;
import dev.estuary.dfs.ErrorKind;

/**
 * {@code Scan}: the files under a root, listed by a parallel server-side walk ({@link ScanWalker})
 * and streamed in batches of columns (dataset.proto). Sharding: with {@code shard_world > 1} the
 * entry at index i of the deterministic order goes to shard {@code i % world}, so the shards are
 * disjoint, complete and balanced within one entry.
 */
public final class ScanOp {
  private final OpContext ctx;

  /**
   * Creates the handler.
   *
   * @param ctx the shared context
   */
  public ScanOp(OpContext ctx) {
    this.ctx = ctx;
  }

  /**
   * Validates the request and starts the walk.
   *
   * @param principal the caller
   * @param req the request
   * @param wake called when a batch becomes ready after {@link MessageSource#poll} returned null
   * @return the source of batches; closing it stops the walk
   */
  public MessageSource<ScanResponse> start(Principal principal, ScanRequest req, Runnable wake) {
    int batch = ctx.limits().scanBatch(req.getBatchSize());
    ctx.limits().checkSuffixes(req.getSuffixesCount());
    int world = Math.max(1, req.getShardWorld());
    int rank = req.getShardRank();
    if (req.getShardWorld() < 0 || rank < 0 || rank >= world) {
      throw RequestException.invalid(
          "shard_rank: " + Integer.toUnsignedString(rank) + " with shard_world " + Integer.toUnsignedString(req.getShardWorld())
              + " (expected: 0 <= shard_rank < shard_world, or both 0)");
    }
    for (String s : req.getSuffixesList()) {
      if (s.isEmpty()) {
        throw RequestException.invalid("suffixes: '' (expected: non-empty suffixes such as .jpg)");
      }
    }
    RelPath root = RelPath.parse("root", req.getRoot());
    String prefix = RelPath.parse("prefix", req.getPrefix()).text();
    // Keep a trailing '/' of the prefix: "train/" must not match "training".
    if (req.getPrefix().endsWith("/") && !prefix.isEmpty()) {
      prefix = prefix + "/";
    }
    CheckedVolume v = Access.volume(ctx, principal, req.getVolume(), Permission.READ);
    Attributes dir = Resolver.resolve(v, "root", root.text(), true);
    if (!dir.isDirectory()) {
      throw new BackendError(ErrorKind.NOT_DIRECTORY,
          BackendError.where(v, "root", root.text()) + " is a " + dir.type() + " (expected: a directory)", null);
    }
    // The walk never lists the reserved root entries (ScanWalker); a prefix that names one is
    // refused like any other access to them rather than answered with an empty listing.
    if (dir.id().equals(v.root())) {
      Resolver.refuseReservedPath(v, "prefix", prefix);
    }
    boolean ordered = req.getDeterministic() || world > 1;
    ScanWalker w = new ScanWalker(
        v, dir.id(), new ScanFilter(prefix, req.getSuffixesList()), ordered, rank, world,
        new ScanBatchBuilder(batch, !req.getOmitObjectIds()), ctx, wake);
    w.start();
    return w;
  }
}
