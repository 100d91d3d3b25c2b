package dev.estuary.dataset.internal.ops;

import dev.estuary.core.CheckedVolume;
import dev.estuary.core.Permission;
import dev.estuary.core.Principal;
import dev.estuary.dataset.internal.codec.RelPath;
import dev.estuary.dataset.proto.DataChunk;
import dev.estuary.dataset.proto.ReadCheckpointRequest;
import dev.estuary.dfs.Attributes;

/**
 * {@code ReadCheckpoint}: a whole checkpoint file in chunks. The handle opened at the first chunk
 * keeps reading the version it opened even if a newer checkpoint replaces the name meanwhile
 * (FileHandle contract), so a reader never sees a mix of two versions.
 */
public final class ReadCheckpointOp {
  private final OpContext ctx;

  /**
   * Creates the handler.
   *
   * @param ctx the shared context
   */
  public ReadCheckpointOp(OpContext ctx) {
    this.ctx = ctx;
  }

  /**
   * Validates the request, resolves the file and returns its chunks.
   *
   * @param principal the caller
   * @param req the request
   * @return the chunk source
   */
  public MessageSource<DataChunk> start(Principal principal, ReadCheckpointRequest req) {
    int chunk = ctx.limits().chunkSize(req.getChunkSize());
    RelPath path = RelPath.parse("path", req.getPath());
    CheckedVolume v = Access.volume(ctx, principal, req.getVolume(), Permission.READ);
    Attributes a = Access.file(v, path, "path");
    return new FileChunkSource(v, path.text(), a.id(), 0, -1, chunk, ctx.metrics(), true);
  }
}
