package dev.estuary.core.internal.remote;

import dev.estuary.dfs.ErrorKind;
import io.grpc.Status;

/**
 * The error kind a failed call to the engine daemon's own services (identity, SSE keys) reports, as
 * the remote backend reports its transport failures: a daemon that cannot be reached or does not
 * answer within the deadline (restarting) is {@link ErrorKind#UNAVAILABLE}, which every frontend
 * answers with its "retry later" status; anything else is {@link ErrorKind#IO_ERROR}.
 */
final class RemoteFailures {
  private RemoteFailures() {}

  static ErrorKind kind(Status status) {
    return switch (status.getCode()) {
      case UNAVAILABLE, DEADLINE_EXCEEDED -> ErrorKind.UNAVAILABLE;
      default -> ErrorKind.IO_ERROR;
    };
  }
}
