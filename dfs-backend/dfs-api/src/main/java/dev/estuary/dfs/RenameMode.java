package dev.estuary.dfs;

/** How {@link Volume#rename} and {@link Volume#link} treat an existing destination (Linux {@code renameat2} flags). */
public enum RenameMode {
  /** Replace an existing destination atomically, with POSIX type rules. */
  REPLACE,
  /** Fail with {@link ErrorKind#EXISTS} if the destination exists ({@code RENAME_NOREPLACE}). */
  NO_REPLACE,
  /** Swap source and destination atomically; both must exist ({@code RENAME_EXCHANGE}). */
  EXCHANGE
}
