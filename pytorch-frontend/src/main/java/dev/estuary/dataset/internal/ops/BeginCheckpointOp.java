package dev.estuary.dataset.internal.ops;

import dev.estuary.core.Principal;
import dev.estuary.dataset.proto.BeginCheckpointRequest;
import dev.estuary.dataset.proto.BeginCheckpointResponse;

/** {@code BeginCheckpoint}: creates the unnamed object of a parallel upload (dataset.proto). */
public final class BeginCheckpointOp {
  private final CheckpointUploads uploads;

  /**
   * Creates the handler.
   *
   * @param uploads the uploads in progress
   */
  public BeginCheckpointOp(CheckpointUploads uploads) {
    this.uploads = uploads;
  }

  /**
   * Begins an upload.
   *
   * @param principal the caller
   * @param req the request
   * @return the upload id and block size
   */
  public BeginCheckpointResponse begin(Principal principal, BeginCheckpointRequest req) {
    CheckpointUploads.Upload u = uploads.begin(principal, req.getHeader());
    return BeginCheckpointResponse.newBuilder().setUploadId(u.id).setBlockSize(uploads.blockSize()).build();
  }
}
