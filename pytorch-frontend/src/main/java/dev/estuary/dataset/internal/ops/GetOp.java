package dev.estuary.dataset.internal.ops;

import dev.estuary.core.CheckedVolume;
import dev.estuary.core.Permission;
import dev.estuary.core.Principal;
import dev.estuary.dataset.internal.codec.Echo;
import dev.estuary.dataset.internal.codec.RelPath;
import dev.estuary.dataset.internal.codec.RequestException;
import dev.estuary.dataset.proto.DataChunk;
import dev.estuary.dataset.proto.GetRequest;
import dev.estuary.dfs.Attributes;
import io.grpc.Status;

/** {@code Get}: one whole sample by path, in chunks (dataset.proto). */
public final class GetOp {
  private final OpContext ctx;

  /**
   * Creates the handler.
   *
   * @param ctx the shared context
   */
  public GetOp(OpContext ctx) {
    this.ctx = ctx;
  }

  /**
   * Validates the request, resolves the sample and returns its chunks.
   *
   * @param principal the caller
   * @param req the request
   * @return the chunk source
   */
  public MessageSource<DataChunk> start(Principal principal, GetRequest req) {
    int chunk = ctx.limits().chunkSize(req.getChunkSize());
    RelPath path = RelPath.parse("path", req.getPath());
    CheckedVolume v = Access.volume(ctx, principal, req.getVolume(), Permission.READ);
    Attributes a = Access.file(v, path, "path");
    if (req.hasExpectedSize() && req.getExpectedSize() != a.size()) {
      throw new RequestException(
          Status.Code.FAILED_PRECONDITION,
          "path: " + Echo.quote(path.text()) + " has " + a.size() + " bytes (expected_size: " + req.getExpectedSize()
              + "; the dataset changed since it was scanned)");
    }
    return new FileChunkSource(v, path.text(), a.id(), 0, -1, chunk, ctx.metrics(), true);
  }
}
