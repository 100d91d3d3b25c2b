package dev.estuary.dfs.engine.internal;

import dev.estuary.dfs.ObjectId;
import java.time.Instant;

/**
 * A stored volume: the value of the {@code volumes} column family.
 *
 * @param name the volume name
 * @param volId the volume id, the high 64 bits of every object id of the volume
 * @param root the root directory
 * @param created creation time
 */
public record VolumeRecord(String name, long volId, ObjectId root, Instant created) {}
