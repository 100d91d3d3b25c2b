package dev.estuary.nfs.internal.ops;

import dev.estuary.dfs.FileHandle;

/**
 * The backend handle one operation's I/O goes through, as {@link StateIds#checkIo} granted it. A handle
 * that belongs to an open stays open after the operation; one opened for a special stateid (§8.2.3) is
 * the operation's own and is closed with this. Use in try-with-resources.
 *
 * @param handle the open backend file
 * @param owned whether {@link #close()} closes {@code handle}
 */
public record IoAccess(FileHandle handle, boolean owned) implements AutoCloseable {
    @Override
    public void close() {
        if (owned) {
            handle.close();
        }
    }
}
