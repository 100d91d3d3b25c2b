package dev.estuary.dfs.remote.internal.server;

import dev.estuary.dfs.Dfs;
import dev.estuary.dfs.DfsException;
import dev.estuary.dfs.ErrorKind;
import dev.estuary.dfs.Volume;
import dev.estuary.dfs.remote.internal.Decode;
import dev.estuary.dfs.remote.internal.proto.VolumeRef;
import java.util.concurrent.Executor;

/**
 * What every handler shares: the backend served, the reference table and the executor that
 * delivers watch events and completes lock waits.
 *
 * @param dfs the backend
 * @param references the open references
 * @param executor runs watch delivery and lock completions (never a Netty event loop)
 */
public record ServerContext(Dfs dfs, References references, Executor executor) {

  /**
   * Returns the volume a request names, checking it is still the volume the client opened.
   *
   * @param ref the client's reference
   * @return the volume
   * @throws DfsException {@link ErrorKind#STALE} if the volume was deleted (and perhaps created
   *     again under the same name)
   */
  public Volume volume(VolumeRef ref) {
    Volume v;
    try {
      v = dfs.volume(ref.getName());
    } catch (DfsException e) {
      if (e.kind() == ErrorKind.NOT_FOUND) {
        throw new DfsException(ErrorKind.STALE, "volume '" + ref.getName()
            + "' was deleted (expected: an existing volume)", e);
      }
      throw e;
    }
    if (!v.root().equals(Decode.oid(ref.getRoot()))) {
      throw new DfsException(ErrorKind.STALE, "volume '" + ref.getName()
          + "' was deleted and created again (expected: root " + Decode.oid(ref.getRoot())
          + ", found " + v.root() + ")");
    }
    return v;
  }
}
