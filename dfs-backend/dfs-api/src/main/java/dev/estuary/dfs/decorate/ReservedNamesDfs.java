package dev.estuary.dfs.decorate;

import dev.estuary.dfs.Dfs;
import dev.estuary.dfs.ForwardingDfs;
import dev.estuary.dfs.ReservedNames;
import dev.estuary.dfs.Volume;

/**
 * A backend whose volumes hide and refuse the {@link ReservedNames reserved root entries} ({@link
 * ReservedNamesVolume}). Frontends only ever get these volumes; the one piece of code that owns an
 * area (S3 multipart uploads, {@link ReservedNames#S3_UPLOADS}) reaches it through {@link
 * #privileged(Volume)}, explicitly.
 */
public final class ReservedNamesDfs extends ForwardingDfs {

  /**
   * Decorates a backend.
   *
   * @param delegate the backend
   */
  public ReservedNamesDfs(Dfs delegate) {
    super(delegate);
  }

  @Override
  public Volume volume(String name) {
    return new ReservedNamesVolume(delegate().volume(name));
  }

  /**
   * The privileged path into the reserved areas, for the code that owns one: returns the volume
   * under the reserved-names decorator, on which reserved root entries can be looked up, created
   * and removed. Only S3's multipart code ({@code s3-frontend} {@code internal/ops/Uploads}) calls
   * this; everything else must use the volume it was given. A volume that is not decorated is
   * returned as it is (there is nothing to get past).
   *
   * @param volume a volume from a {@link ReservedNamesDfs}, or an undecorated one
   * @return the volume without the reserved-names decorator
   */
  public static Volume privileged(Volume volume) {
    return volume instanceof ReservedNamesVolume r ? r.delegate() : volume;
  }
}
