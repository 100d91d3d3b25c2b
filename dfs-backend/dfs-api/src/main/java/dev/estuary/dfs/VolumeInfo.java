package dev.estuary.dfs;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/**
 * A volume as listed: one POSIX namespace, at once an SMB share, an NFS export, an S3 bucket and a
 * dataset root (DESIGN §2).
 *
 * @param name the volume name (S3 bucket naming rules, see {@link Limits#checkVolumeName})
 * @param root the id of the root directory
 * @param created when the volume was created
 */
public record VolumeInfo(String name, ObjectId root, Instant created) {
  /** Validates the components. */
  public VolumeInfo {
    requireNonNull(name, "name");
    requireNonNull(root, "root");
    requireNonNull(created, "created");
  }
}
