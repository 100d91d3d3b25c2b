package dev.estuary.dfs.contract.crash;

import dev.estuary.dfs.DfsException;
import dev.estuary.dfs.DirCursor;
import dev.estuary.dfs.DirEntry;
import dev.estuary.dfs.DirPage;
import dev.estuary.dfs.FileHandle;
import dev.estuary.dfs.ObjectId;
import dev.estuary.dfs.OpenMode;
import dev.estuary.dfs.Retention;
import dev.estuary.dfs.RetentionMode;
import dev.estuary.dfs.Volume;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * What the crash directory must hold, rebuilt from the ledgers: the acknowledged content and id of
 * every name, plus the one step that was in flight when the writer was killed (a publish, an
 * in-place write, a removal or a rename). {@link #verifyAndSettle} compares that with the backend
 * after restart, accepts either outcome of the interrupted namespace step (they are atomic) and
 * completes an interrupted write, so the next round starts from content known byte for byte.
 */
public final class CrashModel {
  private final Map<String, byte[]> acknowledged = new HashMap<>();
  /** The id each acknowledged name had when last seen; ids never change, renames move them. */
  private final Map<String, ObjectId> idOf = new HashMap<>();
  /** Every id ever seen: an id never comes back for another object, even after a crash. */
  private final Set<ObjectId> allIds = new HashSet<>();
  /** The change counter of each name when the previous round was settled. */
  private final Map<String, Long> lastChange = new HashMap<>();
  private final Map<String, Integer> counts = new TreeMap<>();
  /** The crash xattr each acknowledged name must carry; renames move it, rewrites keep it. */
  private final Map<String, byte[]> xattrOf = new HashMap<>();
  private final boolean xattrs;
  /** The protection each name must have (see {@link CrashLedger.Protecting}); absent is none. */
  private final Map<String, Integer> protectionOf = new HashMap<>();
  private final boolean retention;

  /** The step the writer had announced but not acknowledged when it was killed. */
  private CrashLedger.@Nullable Entry unfinished;

  /**
   * Creates an empty model.
   *
   * @param xattrs whether the backend has xattrs, so that published objects carry {@link
   *     CrashWriter#XATTR}
   * @param retention whether the backend has retention, so that the writer protects objects
   */
  public CrashModel(boolean xattrs, boolean retention) {
    this.xattrs = xattrs;
    this.retention = retention;
  }

  /**
   * Returns the protection state of a retention as the crash ledger writes it.
   *
   * @param r the retention read from the backend
   * @return bit 0 a legal hold, bit 1 a governance period until {@link CrashWriter#RETAIN_UNTIL}
   *     (any other period gives bit 2, which the writer never sets)
   */
  public static int protection(Retention r) {
    int p = r.legalHold() ? 1 : 0;
    if (r.mode() == RetentionMode.GOVERNANCE && CrashWriter.RETAIN_UNTIL.equals(r.retainUntil())) {
      p |= 2;
    } else if (r.mode() != null) {
      p |= 4;
    }
    return p;
  }

  /**
   * Returns how many times a kind of step happened over all rounds so far.
   *
   * @param what e.g. {@code "publish"}, {@code "ack"}, {@code "removed"}, {@code "renamed"}, or
   *     {@code "killed during Pending"}
   * @return the count
   */
  public int count(String what) {
    return counts.getOrDefault(what, 0);
  }

  /**
   * Returns a one-line summary of what the rounds so far exercised.
   *
   * @return the number of objects and the counts of each kind of step
   */
  public String summary() {
    return acknowledged.size() + " objects; " + counts;
  }

  /**
   * Checks the backend against one round's ledger and settles the round.
   *
   * @param volume the reopened volume
   * @param dir the crash directory
   * @param entries the round's ledger
   * @return the problems found, empty when the backend kept every promise
   */
  public List<String> verifyAndSettle(Volume volume, ObjectId dir, List<CrashLedger.Entry> entries) {
    List<String> problems = new ArrayList<>();
    Set<String> rewritten = new HashSet<>();
    unfinished = null;
    for (CrashLedger.Entry e : entries) {
      replay(e, rewritten, problems);
    }
    if (unfinished != null) {
      counts.merge("killed during " + unfinished.getClass().getSimpleName(), 1, Integer::sum);
    }
    Map<String, ObjectId> visible = list(volume, dir);
    resolveNamespaceStep(visible);

    for (Map.Entry<String, byte[]> e : acknowledged.entrySet()) {
      String name = e.getKey();
      ObjectId id = visible.get(name);
      if (id == null) {
        problems.add(name + ": acknowledged object is missing after restart");
        continue;
      }
      byte[] actual = read(volume, id);
      CrashLedger.Intent write = null;
      if (unfinished instanceof CrashLedger.Intent w && w.name().equals(name)) {
        write = w;
      } else if (unfinished instanceof CrashLedger.Creating c && c.name().equals(name)) {
        // A file created and not acknowledged: from empty, its writes landed in part or whole.
        write = new CrashLedger.Intent(c.name(), 0, c.size(), c.seed());
      }
      if (write != null) {
        CrashLedger.Intent w = write;
        checkTornWrite(name, e.getValue(), w, actual, problems);
        byte[] data = CrashData.bytes(w.length(), w.seed());
        try (FileHandle h = volume.open(id, OpenMode.WRITE)) {
          h.write(w.offset(), ByteBuffer.wrap(data));
          h.sync();
        }
        e.setValue(CrashData.overwrite(e.getValue(), w.offset(), data));
        rewritten.add(name);
      } else if (!Arrays.equals(actual, e.getValue())) {
        problems.add(describe(name, "acknowledged content", e.getValue(), actual));
      }
    }
    for (String name : visible.keySet()) {
      if (!acknowledged.containsKey(name)) {
        problems.add(name + ": visible although never published, or acknowledged as removed");
      }
    }
    checkIdsAndCounters(volume, visible, rewritten, problems);
    if (xattrs) {
      checkXattrs(volume, visible, problems);
    }
    if (retention) {
      checkProtection(volume, visible, problems);
    }
    return problems;
  }

  private void replay(CrashLedger.Entry e, Set<String> rewritten, List<String> problems) {
    switch (e) {
      case CrashLedger.Pending p -> unfinished = p;
      case CrashLedger.Intent i -> unfinished = i;
      case CrashLedger.Removing r -> unfinished = r;
      case CrashLedger.Renaming r -> unfinished = r;
      case CrashLedger.Protecting p -> unfinished = p;
      case CrashLedger.Creating c -> unfinished = c;
      case CrashLedger.Created c -> {
        byte[] content = CrashData.bytes(c.size(), c.seed());
        if (CrashData.crc(content) != c.crc()) {
          problems.add("ledger: created line of " + c.name() + " has a wrong CRC");
        }
        acknowledged.put(c.name(), content);
        finished("created");
      }
      case CrashLedger.Protected p -> {
        setProtection(p.name(), p.protection());
        finished("protected");
      }
      case CrashLedger.Published p -> {
        byte[] content = CrashData.bytes(p.size(), p.seed());
        if (CrashData.crc(content) != p.crc()) {
          problems.add("ledger: publish line of " + p.name() + " has a wrong CRC");
        }
        acknowledged.put(p.name(), content);
        xattrOf.put(p.name(), CrashData.xattrValue(p.seed()));
        finished("publish");
      }
      case CrashLedger.Ack a -> {
        byte[] base = acknowledged.get(a.name());
        if (base == null) {
          problems.add("ledger: ack for unknown object " + a.name());
          return;
        }
        byte[] data = CrashData.bytes(a.length(), a.seed());
        acknowledged.put(a.name(), CrashData.overwrite(base, a.offset(), data));
        rewritten.add(a.name());
        finished("ack");
      }
      case CrashLedger.Removed r -> {
        if (acknowledged.remove(r.name()) == null) {
          problems.add("ledger: removal of unknown object " + r.name());
        }
        idOf.remove(r.name());
        lastChange.remove(r.name());
        xattrOf.remove(r.name());
        protectionOf.remove(r.name());
        finished("removed");
      }
      case CrashLedger.Renamed r -> {
        moveName(r.from(), r.to(), rewritten);
        finished("renamed");
      }
    }
  }

  private void finished(String what) {
    counts.merge(what, 1, Integer::sum);
    unfinished = null;
  }

  /**
   * Namespace steps are atomic even across a crash: an interrupted one either happened entirely
   * or not at all, and the listing tells which; the model takes that outcome.
   */
  private void resolveNamespaceStep(Map<String, ObjectId> visible) {
    switch (unfinished) {
      case CrashLedger.Creating c when visible.containsKey(c.name()) ->
          // Created by name: what it holds is checked (and completed) like an interrupted write.
          acknowledged.put(c.name(), new byte[0]);
      case CrashLedger.Pending p when visible.containsKey(p.name()) -> {
        // Linked only after its handle was synced: the name must show the whole object.
        acknowledged.put(p.name(), CrashData.bytes(p.size(), p.seed()));
        xattrOf.put(p.name(), CrashData.xattrValue(p.seed()));
      }
      case CrashLedger.Removing r when !visible.containsKey(r.name()) -> {
        acknowledged.remove(r.name());
        idOf.remove(r.name());
        lastChange.remove(r.name());
        xattrOf.remove(r.name());
        protectionOf.remove(r.name());
      }
      case CrashLedger.Renaming r when !visible.containsKey(r.from()) ->
          moveName(r.from(), r.to(), new HashSet<>());
      case null, default -> {}
    }
  }

  private void moveName(String from, String to, Set<String> rewritten) {
    byte[] content = acknowledged.remove(from);
    if (content == null) {
      throw new IllegalStateException("ledger: rename of unknown object " + from);
    }
    acknowledged.put(to, content);
    ObjectId id = idOf.remove(from);
    Long change = lastChange.remove(from);
    Integer protection = protectionOf.remove(from);
    if (protection != null) {
      protectionOf.put(to, protection);
    } else {
      protectionOf.remove(to);
    }
    byte[] xattr = xattrOf.remove(from);
    if (xattr != null) {
      xattrOf.put(to, xattr);
    } else {
      xattrOf.remove(to);
    }
    if (id != null) {
      idOf.put(to, id);
    } else {
      idOf.remove(to);
    }
    if (change != null) {
      lastChange.put(to, change);
    } else {
      lastChange.remove(to);
    }
    if (rewritten.remove(from)) {
      rewritten.add(to);
    } else {
      rewritten.remove(to);
    }
  }

  /**
   * Ids never change and are never reused, and change counters never go back and move with every
   * acknowledged rewrite.
   */
  private void checkIdsAndCounters(
      Volume volume, Map<String, ObjectId> visible, Set<String> rewritten, List<String> problems) {
    for (Map.Entry<String, ObjectId> v : visible.entrySet()) {
      String name = v.getKey();
      ObjectId id = v.getValue();
      ObjectId known = idOf.get(name);
      if (known != null && !known.equals(id)) {
        problems.add(name + ": id changed from " + known + " to " + id);
      } else if (known == null && !allIds.add(id)) {
        problems.add(name + ": new object got the id " + id + " of an earlier one");
      }
      idOf.put(name, id);
      long change = volume.getAttributes(id).change();
      Long last = lastChange.get(name);
      if (last != null && change < last) {
        problems.add(name + ": change counter went back from " + last + " to " + change);
      } else if (last != null && rewritten.contains(name) && change == last) {
        problems.add(name + ": change counter " + change + " did not move with a rewrite");
      }
    }
  }

  private void setProtection(String name, int protection) {
    if (protection == 0) {
      protectionOf.remove(name);
    } else {
      protectionOf.put(name, protection);
    }
  }

  /**
   * Every object has the legal hold and retention last acknowledged for it, through restarts and
   * renames; an interrupted change may have happened or not (it is one atomic step), and the
   * model takes what the backend shows.
   */
  private void checkProtection(Volume volume, Map<String, ObjectId> visible, List<String> problems) {
    for (Map.Entry<String, ObjectId> v : visible.entrySet()) {
      String name = v.getKey();
      int actual = protection(volume.getRetention(v.getValue()));
      int expected = protectionOf.getOrDefault(name, 0);
      if (actual != expected && unfinished instanceof CrashLedger.Protecting p && p.name().equals(name)
          && actual == p.protection()) {
        setProtection(name, actual);
      } else if (actual != expected) {
        problems.add(name + ": protection " + actual + " after restart (expected: " + expected
            + "; bit 0 legal hold, bit 1 governance until " + CrashWriter.RETAIN_UNTIL + ")");
      }
    }
  }

  /** Every object carries the xattr set before its publish, through rewrites and renames. */
  private void checkXattrs(Volume volume, Map<String, ObjectId> visible, List<String> problems) {
    for (Map.Entry<String, byte[]> e : xattrOf.entrySet()) {
      ObjectId id = visible.get(e.getKey());
      if (id == null) {
        continue; // already reported as missing
      }
      byte[] actual;
      try {
        actual = volume.getXattr(id, CrashWriter.XATTR);
      } catch (DfsException ex) {
        problems.add(e.getKey() + ": xattr " + CrashWriter.XATTR + " unreadable: " + ex);
        continue;
      }
      if (!Arrays.equals(actual, e.getValue())) {
        problems.add(e.getKey() + ": xattr " + CrashWriter.XATTR + " is "
            + Arrays.toString(actual) + " (expected: " + Arrays.toString(e.getValue()) + ")");
      }
    }
  }

  /**
   * Records the change counters after settling, for the next round's comparison.
   *
   * @param volume the volume, still open
   * @param dir the crash directory
   */
  public void recordCounters(Volume volume, ObjectId dir) {
    lastChange.clear();
    for (Map.Entry<String, ObjectId> v : list(volume, dir).entrySet()) {
      lastChange.put(v.getKey(), volume.getAttributes(v.getValue()).change());
    }
  }

  /**
   * A write in flight may have landed partly: outside its range the old content must be intact,
   * inside it each byte is old or new, and the size is between the old and the new size.
   */
  private static void checkTornWrite(
      String name, byte[] old, CrashLedger.Intent w, byte[] actual, List<String> problems) {
    byte[] data = CrashData.bytes(w.length(), w.seed());
    int newSize = Math.max(old.length, w.offset() + w.length());
    if (actual.length < old.length || actual.length > newSize) {
      problems.add(
          name + ": size " + actual.length + " after an interrupted write (expected: "
              + old.length + " to " + newSize + ")");
      return;
    }
    for (int p = 0; p < actual.length; p++) {
      byte before = p < old.length ? old[p] : 0;
      boolean inRange = p >= w.offset() && p < w.offset() + w.length();
      boolean ok = actual[p] == before || (inRange && actual[p] == data[p - w.offset()]);
      if (!ok) {
        problems.add(
            name + ": byte " + p + " is " + actual[p] + " after an interrupted write of ["
                + w.offset() + ", " + (w.offset() + w.length()) + ") (expected: old " + before
                + (inRange ? " or new " + data[p - w.offset()] : "") + ")");
        return;
      }
    }
  }

  private static String describe(String name, String what, byte[] expected, byte[] actual) {
    int first = Arrays.mismatch(expected, actual);
    return name + ": " + what + " differs: size " + actual.length + " (expected: "
        + expected.length + "), first difference at byte " + first;
  }

  private static Map<String, ObjectId> list(Volume volume, ObjectId dir) {
    Map<String, ObjectId> names = new HashMap<>();
    DirCursor cursor = DirCursor.START;
    while (true) {
      DirPage page = volume.readdir(dir, cursor, 500, false);
      for (DirEntry e : page.entries()) {
        names.put(e.name(), e.id());
      }
      if (page.end()) {
        return names;
      }
      cursor = page.next();
    }
  }

  private static byte[] read(Volume volume, ObjectId id) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (FileHandle h = volume.open(id, OpenMode.READ)) {
      ByteBuffer buf = ByteBuffer.allocate(256 * 1024);
      long pos = 0;
      for (int n = h.read(pos, buf); n >= 0; n = h.read(pos, buf.clear())) {
        out.write(buf.array(), 0, n);
        pos += n;
      }
    } catch (DfsException e) {
      throw new IllegalStateException("cannot read crash object " + id + ": " + e, e);
    }
    return out.toByteArray();
  }
}
