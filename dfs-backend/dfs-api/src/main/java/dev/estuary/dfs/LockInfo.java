package dev.estuary.dfs;

/**
 * A byte-range lock held in the backend, as {@link LockSession#test}, {@link LockSession#tryLock}
 * and {@link LockSession#locks} report it: NFS {@code LOCK4denied} needs its range, type and owner.
 *
 * @param file the locked file
 * @param session the {@link LockSession#id()} of the session holding it
 * @param sessionDescription that session's description (who holds it, for people)
 * @param owner the owner key within that session
 * @param style how the owner's locks combine
 * @param type shared or exclusive
 * @param range the bytes locked
 */
public record LockInfo(
    ObjectId file, long session, String sessionDescription, String owner, LockStyle style,
    LockType type, ByteRange range) {}
