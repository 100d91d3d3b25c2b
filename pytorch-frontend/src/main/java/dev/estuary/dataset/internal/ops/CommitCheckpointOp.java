package dev.estuary.dataset.internal.ops;

import dev.estuary.core.Principal;
import dev.estuary.dataset.proto.CommitCheckpointRequest;
import dev.estuary.dataset.proto.WriteCheckpointResponse;

/** {@code CommitCheckpoint}: publishes a complete parallel upload atomically (dataset.proto). */
public final class CommitCheckpointOp {
  private final CheckpointUploads uploads;

  /**
   * Creates the handler.
   *
   * @param uploads the uploads in progress
   */
  public CommitCheckpointOp(CheckpointUploads uploads) {
    this.uploads = uploads;
  }

  /**
   * Commits an upload; on any failure the upload ends and nothing is published.
   *
   * @param principal the caller
   * @param req the request
   * @return size, object id and CRC-32C of the published checkpoint
   */
  public WriteCheckpointResponse commit(Principal principal, CommitCheckpointRequest req) {
    CheckpointUploads.Upload u = uploads.find(principal, req.getUploadId());
    try {
      return u.commit(req.hasTotalLength() ? req.getTotalLength() : null);
    } catch (RuntimeException e) {
      u.end();
      throw e;
    }
  }
}
