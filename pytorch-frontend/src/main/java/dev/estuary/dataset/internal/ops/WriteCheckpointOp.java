package dev.estuary.dataset.internal.ops;

import dev.estuary.core.Principal;
import dev.estuary.dataset.internal.codec.CheckpointLimits;

/**
 * {@code WriteCheckpoint}: a client stream that publishes one file atomically (dataset.proto). Each
 * call gets its own {@link CheckpointWrite}, which the server feeds one message at a time; the
 * per-user budget of unpublished bytes is shared by all calls of this service.
 */
public final class WriteCheckpointOp {
  private final OpContext ctx;
  private final CheckpointLimits limits;
  private final CheckpointBudget budget;

  /**
   * Creates the handler.
   *
   * @param ctx the shared context
   * @param limits the limits of checkpoint streams
   */
  public WriteCheckpointOp(OpContext ctx, CheckpointLimits limits) {
    this.ctx = ctx;
    this.limits = limits;
    this.budget = new CheckpointBudget(limits.maxBytesPerUser());
  }

  /**
   * Starts one checkpoint write.
   *
   * @param principal the caller
   * @return the write, waiting for its header
   */
  public CheckpointWrite begin(Principal principal) {
    return new CheckpointWrite(ctx, limits, budget, principal);
  }

  CheckpointLimits limits() {
    return limits;
  }

  CheckpointBudget budget() {
    return budget;
  }
}
