package dev.estuary.nfs.internal.state;

import dev.estuary.dfs.ObjectId;

/**
 * A file as the state table knows it: its volume and object id.
 *
 * @param volume the volume's name
 * @param id the object
 */
public record FileKey(String volume, ObjectId id) {
}
