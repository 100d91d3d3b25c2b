package dev.estuary.dfs;

import java.util.List;
import java.util.Set;

/**
 * A backend instance: the set of volumes one engine (or one DAOS pool) holds, like a libdfs
 * connection to a pool. Thread-safe. Obtained from a {@link DfsProvider}; closing it syncs and
 * releases everything, after which every call and every {@link Volume} and {@link FileHandle}
 * obtained from it fails with {@link ErrorKind#CLOSED}.
 */
public interface Dfs extends AutoCloseable {

  /**
   * Returns the optional facets this implementation really offers.
   *
   * @return an immutable set
   */
  Set<Capability> capabilities();

  /**
   * Creates a volume whose root directory has the given mode and owner ({@code
   * dfs_cont_create_with_label}).
   *
   * @param name the volume name, see {@link Limits#checkVolumeName}
   * @param rootMode permission bits of the root directory, within {@code 07777}
   * @param owner owner of the root directory
   * @return the new volume's description
   * @throws DfsException {@link ErrorKind#EXISTS} if a volume of that name exists, {@link
   *     ErrorKind#INVALID_ARGUMENT} for a bad name
   */
  VolumeInfo createVolume(String name, int rootMode, Ownership owner);

  /**
   * Lists the volumes in name order.
   *
   * @return an immutable list
   */
  List<VolumeInfo> listVolumes();

  /**
   * Opens a volume for use ({@code dfs_mount}). Cheap; implementations may return the same
   * instance for the same name.
   *
   * @param name the volume name
   * @return the volume
   * @throws DfsException {@link ErrorKind#NOT_FOUND} if there is no such volume
   */
  Volume volume(String name);

  /**
   * Deletes a volume ({@code dfs_destroy}). Handles to it become {@link ErrorKind#STALE}.
   *
   * @param name the volume name
   * @param recursive whether to delete a volume that still has entries; when false a non-empty
   *     volume gives {@link ErrorKind#NOT_EMPTY}
   * @throws DfsException {@link ErrorKind#NOT_FOUND} if there is no such volume
   */
  void deleteVolume(String name, boolean recursive);

  /**
   * Makes every completed change in every volume durable: after it returns, a crash loses none
   * of them.
   */
  void sync();

  /** Syncs, then releases all resources. Idempotent. */
  @Override
  void close();
}
