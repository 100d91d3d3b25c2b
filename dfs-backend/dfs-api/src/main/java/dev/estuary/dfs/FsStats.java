package dev.estuary.dfs;

/**
 * Space and object counts of a volume ({@code statfs}).
 *
 * @param totalBytes the capacity visible to the volume
 * @param freeBytes bytes free on the underlying storage
 * @param availableBytes bytes an unprivileged writer may still use
 * @param objects the number of objects in the volume
 * @param maxNameBytes longest entry name, {@link Limits#MAX_NAME_BYTES}
 */
public record FsStats(
    long totalBytes, long freeBytes, long availableBytes, long objects, int maxNameBytes) {}
