package dev.estuary.dfs;

import java.util.Set;

/**
 * A share reservation on one file, from {@link LockSession#reserve}: an SMB open's share mode or an
 * NFS open's {@code share_access}/{@code share_deny}. It lasts until {@link #close()} or until its
 * session closes. Thread-safe.
 */
public interface ShareReservation extends AutoCloseable {

  /**
   * Returns the reserved file.
   *
   * @return the file id
   */
  ObjectId file();

  /**
   * Returns the access held now.
   *
   * @return an immutable set
   */
  Set<ShareAccess> access();

  /**
   * Returns the access denied to others now.
   *
   * @return an immutable set
   */
  Set<ShareAccess> deny();

  /**
   * Changes the access and deny sets atomically (NFS {@code OPEN_DOWNGRADE}, or a second NFS OPEN
   * of the same file by the same open-owner, which adds to them). The new sets are checked against
   * every other reservation on the file as {@link LockSession#reserve} does; on a conflict nothing
   * changes.
   *
   * @param access the new access set
   * @param deny the new deny set
   * @throws DfsException {@link ErrorKind#SHARING_VIOLATION} on a conflict, {@link
   *     ErrorKind#CLOSED} after {@link #close()}
   */
  void change(Set<ShareAccess> access, Set<ShareAccess> deny);

  /** Releases the reservation. Idempotent; also happens when the session closes. */
  @Override
  void close();
}
