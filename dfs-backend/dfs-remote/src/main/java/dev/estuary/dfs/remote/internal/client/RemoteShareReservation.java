package dev.estuary.dfs.remote.internal.client;

import dev.estuary.dfs.DfsException;
import dev.estuary.dfs.ErrorKind;
import dev.estuary.dfs.ObjectId;
import dev.estuary.dfs.ShareAccess;
import dev.estuary.dfs.ShareReservation;
import dev.estuary.dfs.remote.internal.Encode;
import dev.estuary.dfs.remote.internal.proto.ReservationRef;
import dev.estuary.dfs.remote.internal.proto.ReserveRequest;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;

/** A {@link ShareReservation} held on the server, closed with its session or this client's lease. */
final class RemoteShareReservation implements ShareReservation {
  private final ClientCore core;
  private final RemoteLockSession session;
  private final long ref;
  private final ObjectId file;
  private volatile Set<ShareAccess> access;
  private volatile Set<ShareAccess> deny;
  private final AtomicBoolean closed = new AtomicBoolean();

  RemoteShareReservation(ClientCore core, RemoteLockSession session, long ref, ObjectId file,
      Set<ShareAccess> access, Set<ShareAccess> deny) {
    this.core = core;
    this.session = session;
    this.ref = ref;
    this.file = file;
    this.access = Set.copyOf(access);
    this.deny = Set.copyOf(deny);
  }

  @Override
  public ObjectId file() {
    return file;
  }

  @Override
  public Set<ShareAccess> access() {
    return access;
  }

  @Override
  public Set<ShareAccess> deny() {
    return deny;
  }

  @Override
  public void change(Set<ShareAccess> newAccess, Set<ShareAccess> newDeny) {
    if (closed.get() || session.isClosedLocally()) {
      throw new DfsException(ErrorKind.CLOSED, "share reservation on " + file + " is closed");
    }
    core.call(core.locks, s -> s.changeReservation(ReserveRequest.newBuilder().setSession(session.ref())
        .setReservation(ref).setFile(Encode.oid(file))
        .addAllAccessValue(Encode.shareAccess(newAccess))
        .addAllDenyValue(Encode.shareAccess(newDeny)).build()));
    this.access = Set.copyOf(newAccess);
    this.deny = Set.copyOf(newDeny);
  }

  @Override
  public void close() {
    if (closed.compareAndSet(false, true) && !core.isClosed()) {
      try {
        core.call(core.locks, s -> s.closeReservation(ReservationRef.newBuilder().setReservation(ref).build()));
      } catch (DfsException e) {
        if (e.kind() != ErrorKind.IO_ERROR && e.kind() != ErrorKind.UNAVAILABLE && e.kind() != ErrorKind.STALE) {
          throw e;
        }
      }
    }
  }

  @Override
  public String toString() {
    return "RemoteShareReservation[" + file + " " + access + " deny " + deny + "]";
  }
}
