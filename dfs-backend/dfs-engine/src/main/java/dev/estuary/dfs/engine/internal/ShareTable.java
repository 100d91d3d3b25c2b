package dev.estuary.dfs.engine.internal;

import dev.estuary.dfs.DfsException;
import dev.estuary.dfs.ErrorKind;
import dev.estuary.dfs.ObjectId;
import dev.estuary.dfs.ShareAccess;
import dev.estuary.dfs.ShareReservation;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The share reservations of every object of the engine. The reservations of one object change only
 * inside {@link ConcurrentHashMap#compute} on its id, so a check and the change it allows are one
 * step. Two reservations conflict when one asks for access the other denies ([MS-FSA] 2.1.5.1.2,
 * RFC 8881 §9.7), whichever sessions hold them.
 */
final class ShareTable {
  private final ConcurrentHashMap<ObjectId, List<Reservation>> objects = new ConcurrentHashMap<>();

  /** One reservation; its sets change only inside compute on its object. */
  final class Reservation implements ShareReservation {
    final EngineLockSession session;
    final ObjectId file;
    private volatile Set<ShareAccess> access;
    private volatile Set<ShareAccess> deny;
    private volatile boolean released;

    Reservation(EngineLockSession session, ObjectId file, Set<ShareAccess> access, Set<ShareAccess> deny) {
      this.session = session;
      this.file = file;
      this.access = access;
      this.deny = deny;
    }

    @Override
    public ObjectId file() {
      return file;
    }

    @Override
    public Set<ShareAccess> access() {
      return access;
    }

    @Override
    public Set<ShareAccess> deny() {
      return deny;
    }

    @Override
    public void change(Set<ShareAccess> newAccess, Set<ShareAccess> newDeny) {
      Set<ShareAccess> a = copy(newAccess);
      Set<ShareAccess> d = copy(newDeny);
      session.enter();
      try {
        objects.compute(file, (id, list) -> {
          if (released || list == null || !list.contains(this)) {
            throw new DfsException(ErrorKind.CLOSED, "share reservation on " + file + " was released");
          }
          check(list, this, a, d);
          access = a;
          deny = d;
          return list;
        });
      } finally {
        session.exit();
      }
    }

    @Override
    public void close() {
      if (released) {
        return;
      }
      drop(this);
      session.forget(this);
    }

    @Override
    public String toString() {
      return "ShareReservation[" + file + ", access " + access + ", deny " + deny + ", session "
          + session.id() + "]";
    }
  }

  static Set<ShareAccess> copy(Set<ShareAccess> s) {
    return s.isEmpty() ? Set.of() : Collections.unmodifiableSet(EnumSet.copyOf(s));
  }

  private static void check(List<Reservation> list, Reservation self, Set<ShareAccess> access,
      Set<ShareAccess> deny) {
    for (Reservation r : list) {
      if (r == self) {
        continue;
      }
      if (!Collections.disjoint(access, r.deny) || !Collections.disjoint(deny, r.access)) {
        throw new DfsException(ErrorKind.SHARING_VIOLATION, "share reservation on " + self.file
            + " with access " + access + " and deny " + deny + " conflicts with access " + r.access
            + " and deny " + r.deny + " held by session " + r.session.id() + " ("
            + r.session.description() + ")");
      }
    }
  }

  /** Reserves, or throws SHARING_VIOLATION leaving nothing behind. */
  Reservation reserve(EngineLockSession session, ObjectId file, Set<ShareAccess> access,
      Set<ShareAccess> deny) {
    Reservation r = new Reservation(session, file, copy(access), copy(deny));
    objects.compute(file, (id, list) -> {
      List<Reservation> l = list != null ? list : new ArrayList<>(2);
      session.checkOpenInTable();
      check(l, r, r.access, r.deny);
      session.remember(r);
      l.add(r);
      return l;
    });
    return r;
  }

  /** Releases a reservation; idempotent. */
  void drop(Reservation r) {
    objects.computeIfPresent(r.file, (id, list) -> {
      r.released = true;
      list.remove(r);
      return list.isEmpty() ? null : list;
    });
    r.released = true;
  }
}
