package dev.estuary.dataset.internal.ops;

import dev.estuary.core.CheckedVolume;
import dev.estuary.core.Permission;
import dev.estuary.core.Principal;
import dev.estuary.dataset.internal.codec.RelPath;
import dev.estuary.dataset.internal.codec.RequestException;
import dev.estuary.dataset.proto.DataChunk;
import dev.estuary.dataset.proto.ReadRangeRequest;
import dev.estuary.dfs.Attributes;

/** {@code ReadRange}: part of a file, like {@code pread} (dataset.proto). */
public final class ReadRangeOp {
  private final OpContext ctx;

  /**
   * Creates the handler.
   *
   * @param ctx the shared context
   */
  public ReadRangeOp(OpContext ctx) {
    this.ctx = ctx;
  }

  /**
   * Validates the request and returns the range's chunks.
   *
   * @param principal the caller
   * @param req the request
   * @return the chunk source
   */
  public MessageSource<DataChunk> start(Principal principal, ReadRangeRequest req) {
    int chunk = ctx.limits().chunkSize(req.getChunkSize());
    if (req.getOffset() < 0 || req.getLength() < 0) {
      throw RequestException.invalid(
          "offset/length: " + Long.toUnsignedString(req.getOffset()) + "/" + Long.toUnsignedString(req.getLength())
              + " (expected: each < 2^63)");
    }
    RelPath path = RelPath.parse("path", req.getPath());
    CheckedVolume v = Access.volume(ctx, principal, req.getVolume(), Permission.READ);
    Attributes a = Access.file(v, path, "path");
    return new FileChunkSource(v, path.text(), a.id(), req.getOffset(), req.getLength(), chunk, ctx.metrics(), false);
  }
}
