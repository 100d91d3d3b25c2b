package dev.estuary.bench.nfs.internal;

import dev.estuary.nfs.internal.codec.NfsStatus;
import java.io.IOException;

/** An NFS operation the server answered with an error: the benchmark stops, naming the client and operation. */
public final class NfsCallException extends IOException {
  private static final long serialVersionUID = 1L;

  private final transient NfsStatus status;

  /**
   * @param client the client's name
   * @param operation what failed
   * @param status the status the server answered
   */
  public NfsCallException(String client, String operation, NfsStatus status) {
    super(client + ": " + operation + " answered " + status + " (expected: NFS4_OK)");
    this.status = status;
  }

  /** @return the status the server answered */
  public NfsStatus status() {
    return status;
  }
}
