/**
 * The backend contract of Estuary: a small, protocol-neutral, id- and handle-based file system
 * API with the semantics of DAOS's libdfs (see {@code shared/notes/daos.md}).
 *
 * <p>Every frontend (S3, SMB, NFS, the dataset service) codes against {@link dev.estuary.dfs.Dfs},
 * {@link dev.estuary.dfs.Volume} and {@link dev.estuary.dfs.FileHandle} only. Implementations are
 * found through {@link dev.estuary.dfs.DfsProvider} and all pass the shared contract test suite
 * in {@code dfs-contract-tests}. Errors are reported with one unchecked exception,
 * {@link dev.estuary.dfs.DfsException}, carrying an {@link dev.estuary.dfs.ErrorKind}; each frontend
 * maps kinds to its own status codes in one table.
 *
 * <p>Nothing here caches beyond what an implementation documents, and nothing is durable before a
 * completed {@code sync}.
 */
@NullMarked
package dev.estuary.dfs;

import org.jspecify.annotations.NullMarked;
