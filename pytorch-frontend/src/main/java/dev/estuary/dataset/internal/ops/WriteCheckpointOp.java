package dev.estuary.dataset.internal.ops;

import dev.estuary.core.Principal;

/**
 * {@code WriteCheckpoint}: a client stream that publishes one file atomically (dataset.proto). Each
 * call gets its own {@link CheckpointWrite}, which the server feeds one message at a time.
 */
public final class WriteCheckpointOp {
  private final OpContext ctx;

  /**
   * Creates the handler.
   *
   * @param ctx the shared context
   */
  public WriteCheckpointOp(OpContext ctx) {
    this.ctx = ctx;
  }

  /**
   * Starts one checkpoint write.
   *
   * @param principal the caller
   * @return the write, waiting for its header
   */
  public CheckpointWrite begin(Principal principal) {
    return new CheckpointWrite(ctx, principal);
  }
}
