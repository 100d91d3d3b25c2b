package dev.estuary.dfs.engine.internal;

import dev.estuary.dfs.ByteRange;
import dev.estuary.dfs.DfsException;
import dev.estuary.dfs.ErrorKind;
import dev.estuary.dfs.LockInfo;
import dev.estuary.dfs.LockStyle;
import dev.estuary.dfs.LockType;
import dev.estuary.dfs.ObjectId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The rules of byte-range locks ({@link dev.estuary.dfs.LockSession}, {@link LockStyle}) over one
 * file's list of held locks: when a request conflicts, and how a granted request changes its
 * owner's locks (Windows: one more; POSIX: cut out the range, add it, merge neighbours of one
 * type). Callers hold the file's state exclusively.
 */
final class LockRules {
  /** One lock, held or asked for. */
  record Lock(EngineLockSession session, String owner, LockStyle style, LockType type, ByteRange range) {
    boolean sameOwner(Lock o) {
      return session == o.session && owner.equals(o.owner);
    }

    LockInfo info(ObjectId file) {
      return new LockInfo(file, session.id(), session.description(), owner, style, type, range);
    }

    Lock withRange(ByteRange r) {
      return new Lock(session, owner, style, type, r);
    }
  }

  static final Comparator<Lock> BY_OFFSET =
      (a, b) -> Long.compareUnsigned(a.range.offset(), b.range.offset());

  /** Whether {@code request} conflicts with {@code held} (see LockStyle). */
  static boolean conflicts(Lock request, Lock held) {
    if (!lockOverlap(request.range, held.range)) {
      return false;
    }
    if (request.sameOwner(held) && request.style == LockStyle.POSIX) {
      return false;
    }
    if (request.sameOwner(held) && request.type == LockType.SHARED) {
      // Windows: a shared lock stacks on the same open's exclusive lock ([MS-FSA] 2.1.5.7, the exclusive
      // lock's OwnerOpen is the requester's; smbtorture smb2.lock.stacking and valid-request).
      return false;
    }
    return request.type == LockType.EXCLUSIVE || held.type == LockType.EXCLUSIVE;
  }

  /**
   * Whether two lock ranges overlap for a conflict. Non-empty ranges overlap when they share a byte. A
   * zero-length (Windows) lock at X lies inside a range when X is past its first byte and not past its
   * last ([MS-FSA] 2.1.5.7: a zero-length lock conflicts with a lock that strictly contains its offset, and
   * two zero-length locks never conflict; smbtorture smb2.lock.zerobytelength and errorcode).
   */
  static boolean lockOverlap(ByteRange a, ByteRange b) {
    if (a.isEmpty() && b.isEmpty()) {
      return false;
    }
    if (a.isEmpty()) {
      return inside(a.offset(), b);
    }
    if (b.isEmpty()) {
      return inside(b.offset(), a);
    }
    return a.overlaps(b);
  }

  private static boolean inside(long x, ByteRange r) {
    return Long.compareUnsigned(x, r.offset()) > 0 && Long.compareUnsigned(x, r.last()) <= 0;
  }

  static @Nullable Lock firstConflict(List<Lock> locks, Lock request) {
    for (Lock held : locks) {
      if (conflicts(request, held)) {
        return held;
      }
    }
    return null;
  }

  /**
   * Whether {@code held} forbids a read ({@code io.type} SHARED) or write (EXCLUSIVE) of {@code
   * io.range} by {@code io}'s owner: another owner's exclusive lock blocks both and its shared lock
   * blocks writes; a Windows owner's own shared lock blocks its writes too ([MS-FSA] 2.1.4.10), a
   * POSIX owner's own locks never block it (RFC 8881 §9.5).
   */
  static boolean blocksIo(Lock io, Lock held) {
    if (!io.range.overlaps(held.range)) {
      return false;
    }
    if (io.sameOwner(held)) {
      return io.style == LockStyle.WINDOWS && io.type == LockType.EXCLUSIVE && held.type == LockType.SHARED;
    }
    return io.type == LockType.EXCLUSIVE || held.type == LockType.EXCLUSIVE;
  }

  static void checkStyle(List<Lock> locks, Lock request) {
    for (Lock held : locks) {
      if (held.sameOwner(request) && held.style != request.style) {
        throw new DfsException(ErrorKind.INVALID_ARGUMENT, "lock style: " + request.style + " for owner '"
            + request.owner + "' (expected: " + held.style + ", the style of the locks it holds)");
      }
    }
  }

  /** Removes the bytes of {@code range} from {@code own}, splitting what straddles it. */
  static List<Lock> cut(List<Lock> own, ByteRange range) {
    List<Lock> out = new ArrayList<>(own.size() + 1);
    for (Lock l : own) {
      if (!l.range.overlaps(range)) {
        out.add(l);
        continue;
      }
      if (Long.compareUnsigned(l.range.offset(), range.offset()) < 0) {
        out.add(l.withRange(ByteRange.ofBytes(l.range.offset(), range.offset() - 1)));
      }
      if (Long.compareUnsigned(l.range.last(), range.last()) > 0) {
        out.add(l.withRange(ByteRange.ofBytes(range.last() + 1, l.range.last())));
      }
    }
    return out;
  }

  /** Joins adjacent locks of one type (an owner's POSIX locks never overlap each other). */
  static List<Lock> merge(List<Lock> own) {
    own.sort(BY_OFFSET);
    List<Lock> out = new ArrayList<>(own.size());
    for (Lock l : own) {
      Lock prev = out.isEmpty() ? null : out.get(out.size() - 1);
      if (prev != null && prev.type == l.type && prev.range.last() != -1L
          && prev.range.last() + 1 == l.range.offset()) {
        out.set(out.size() - 1, prev.withRange(ByteRange.ofBytes(prev.range.offset(), l.range.last())));
      } else {
        out.add(l);
      }
    }
    return out;
  }

  /** Replaces the owner's POSIX locks by {@code own}, charging the session for the difference. */
  static void replaceOwn(List<Lock> locks, Lock owner, List<Lock> own) {
    int before = 0;
    for (Lock l : locks) {
      if (l.sameOwner(owner)) {
        before++;
      }
    }
    owner.session.charge(own.size() - before);
    locks.removeIf(l -> l.sameOwner(owner));
    locks.addAll(own);
  }

  /** Takes the lock; the caller checked it conflicts with nothing. */
  static void apply(List<Lock> locks, Lock request) {
    checkStyle(locks, request);
    if (request.style == LockStyle.WINDOWS) {
      request.session.charge(1);
      locks.add(request);
      return;
    }
    List<Lock> own = new ArrayList<>();
    for (Lock l : locks) {
      if (l.sameOwner(request)) {
        own.add(l);
      }
    }
    List<Lock> next = cut(own, request.range);
    next.add(request);
    replaceOwn(locks, request, merge(next));
  }

  private LockRules() {}
}
