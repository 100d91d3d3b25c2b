package dev.estuary.dataset.internal.ops;

import dev.estuary.core.Principal;
import dev.estuary.dataset.proto.AbortCheckpointRequest;
import dev.estuary.dataset.proto.AbortCheckpointResponse;

/** {@code AbortCheckpoint}: ends a parallel upload without publishing it (dataset.proto). */
public final class AbortCheckpointOp {
  private final CheckpointUploads uploads;

  /**
   * Creates the handler.
   *
   * @param uploads the uploads in progress
   */
  public AbortCheckpointOp(CheckpointUploads uploads) {
    this.uploads = uploads;
  }

  /**
   * Aborts an upload: its object is dropped, the previous version of the checkpoint stays.
   *
   * @param principal the caller
   * @param req the request
   * @return the empty answer
   */
  public AbortCheckpointResponse abort(Principal principal, AbortCheckpointRequest req) {
    uploads.find(principal, req.getUploadId()).end();
    return AbortCheckpointResponse.getDefaultInstance();
  }
}
