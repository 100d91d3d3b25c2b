package dev.estuary.dfs;

import org.jspecify.annotations.Nullable;

/**
 * One change seen by a {@link Volume#watch} subscription: a plain value, so a remote backend can
 * carry it across processes.
 *
 * @param kind what happened
 * @param object the object changed (the replaced one for a {@link ChangeKind#REMOVED} by rename);
 *     null only for {@link ChangeKind#OVERFLOW}
 * @param type the object's type; null only for {@link ChangeKind#OVERFLOW}
 * @param directory the directory holding the entry (after a rename, the new one); null for an
 *     object without a name (an unlinked file, the root) and for {@link ChangeKind#OVERFLOW}
 * @param name the entry name in {@code directory}; null when {@code directory} is
 * @param fromDirectory for {@link ChangeKind#RENAMED}, the directory the entry left; else null
 * @param fromName for {@link ChangeKind#RENAMED}, the old name; else null
 * @param change the object's change counter after the change ({@link Attributes#change()}); 0
 *     for {@link ChangeKind#OVERFLOW}. For {@link ChangeKind#REMOVED}, the counter the object had
 *     before it lost its name
 */
public record ChangeEvent(
    ChangeKind kind,
    @Nullable ObjectId object,
    @Nullable ObjectType type,
    @Nullable ObjectId directory,
    @Nullable String name,
    @Nullable ObjectId fromDirectory,
    @Nullable String fromName,
    long change) {

  /** The one overflow event. */
  public static final ChangeEvent OVERFLOW =
      new ChangeEvent(ChangeKind.OVERFLOW, null, null, null, null, null, null, 0);
}
