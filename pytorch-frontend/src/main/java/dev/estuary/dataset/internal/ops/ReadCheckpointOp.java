package dev.estuary.dataset.internal.ops;

import dev.estuary.core.CheckedVolume;
import dev.estuary.core.Permission;
import dev.estuary.core.Principal;
import dev.estuary.dataset.internal.codec.Echo;
import dev.estuary.dataset.internal.codec.RelPath;
import dev.estuary.dataset.internal.codec.RequestException;
import dev.estuary.dataset.proto.DataChunk;
import dev.estuary.dataset.proto.ReadCheckpointRequest;
import dev.estuary.dfs.Attributes;
import dev.estuary.dfs.ObjectId;
import io.grpc.Status;

/**
 * {@code ReadCheckpoint}: a checkpoint file, or a range of it, in chunks with the CRC-32C stored at
 * write time ({@link CheckpointChunkSource}). The handle opened at the first chunk keeps reading
 * the version it opened even if a newer checkpoint replaces the name meanwhile (FileHandle
 * contract), so a reader never sees a mix of two versions; several readers loading ranges of one
 * checkpoint in parallel pin the version with {@code object_id}.
 *
 * <p>The object id only pins a version: the path is resolved with every permission check as
 * always, and must name that object. Object ids are not secrets (Scan lists them), so reading by
 * id alone would skip the search permission of the directories on the path.
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
    if (req.getOffset() < 0 || (req.hasLength() && req.getLength() < 0)) {
      throw RequestException.invalid(
          "offset/length: " + Long.toUnsignedString(req.getOffset()) + "/" + Long.toUnsignedString(req.getLength())
              + " (expected: each < 2^63)");
    }
    ObjectId pinned = null;
    if (!req.getObjectId().isEmpty()) {
      if (req.getObjectId().size() != ObjectId.BYTES) {
        throw RequestException.invalid("object_id: " + req.getObjectId().size() + " bytes (expected: empty or "
            + ObjectId.BYTES + ", as Stat returns it)");
      }
      pinned = ObjectId.fromBytes(req.getObjectId().toByteArray());
    }
    RelPath path = RelPath.parse("path", req.getPath());
    CheckedVolume v = Access.volume(ctx, principal, req.getVolume(), Permission.READ);
    Attributes a = Access.file(v, path, "path");
    if (pinned != null && !pinned.equals(a.id())) {
      throw new RequestException(Status.Code.FAILED_PRECONDITION, "path: " + Echo.quote(path.text())
          + " names another version now (expected: the object_id given; the checkpoint was replaced since)");
    }
    return new CheckpointChunkSource(
        v, path.text(), a.id(), req.getOffset(), req.hasLength() ? req.getLength() : -1, chunk, ctx.metrics());
  }
}
