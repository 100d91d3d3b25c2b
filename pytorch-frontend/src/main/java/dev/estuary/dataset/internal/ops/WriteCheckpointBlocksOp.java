package dev.estuary.dataset.internal.ops;

import dev.estuary.core.Principal;
import dev.estuary.dataset.proto.CheckpointBlock;
import dev.estuary.dataset.proto.WriteCheckpointBlocksResponse;

/**
 * {@code WriteCheckpointBlocks}: one client stream of blocks of a parallel upload (dataset.proto).
 * The server feeds it one message at a time; a failure of the stream ends its upload.
 */
public final class WriteCheckpointBlocksOp {
  private final CheckpointUploads uploads;

  /**
   * Creates the handler.
   *
   * @param uploads the uploads in progress
   */
  public WriteCheckpointBlocksOp(CheckpointUploads uploads) {
    this.uploads = uploads;
  }

  /**
   * Starts one stream.
   *
   * @param principal the caller
   * @return the stream's state
   */
  public Call begin(Principal principal) {
    return new Call(uploads.new Stream(principal));
  }

  /** One call of the RPC. */
  public static final class Call {
    private final CheckpointUploads.Stream stream;

    Call(CheckpointUploads.Stream stream) {
      this.stream = stream;
    }

    /**
     * Writes one block.
     *
     * @param b the message
     */
    public void block(CheckpointBlock b) {
      stream.block(b);
    }

    /**
     * Returns the answer once the client half-closed.
     *
     * @return blocks and bytes this stream wrote
     */
    public WriteCheckpointBlocksResponse finish() {
      return WriteCheckpointBlocksResponse.newBuilder().setBlocks(stream.blocks()).setBytes(stream.bytes()).build();
    }

    /** Ends the stream's upload after a failure or cancel. */
    public void fail() {
      stream.fail();
    }
  }
}
