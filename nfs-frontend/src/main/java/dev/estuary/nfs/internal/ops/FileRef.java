package dev.estuary.nfs.internal.ops;

import dev.estuary.dfs.ObjectId;

/** What a file handle names: the pseudo-root (RFC 8881 §7.3) or an object of a volume. */
public sealed interface FileRef {
    /** The pseudo-root: a directory listing the volumes the client may mount. */
    record PseudoRoot() implements FileRef {
    }

    /**
     * An object of a volume.
     *
     * @param volume the volume's name (looked up from {@code volumeRoot} when the handle came from a client)
     * @param volumeRoot the volume's root object id: a volume deleted and recreated under the same name has
     *     another, so old handles never alias objects of the new one
     * @param id the object
     */
    record InVolume(String volume, ObjectId volumeRoot, ObjectId id) implements FileRef {
        /** @return whether this is the volume's root directory (where the pseudo-root is crossed) */
        public boolean isVolumeRoot() {
            return id.equals(volumeRoot);
        }
    }
}
