package dev.estuary.dfs.contract.crash;

import dev.estuary.dfs.DfsException;
import dev.estuary.dfs.DirCursor;
import dev.estuary.dfs.DirEntry;
import dev.estuary.dfs.DirPage;
import dev.estuary.dfs.FileHandle;
import dev.estuary.dfs.ObjectId;
import dev.estuary.dfs.OpenMode;
import dev.estuary.dfs.Volume;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the crash directory must hold, rebuilt from the ledgers: the acknowledged content of every
 * name, plus at most one object that was being published and one write in flight when the writer
 * was killed. {@link #verifyAndSettle} compares that with the backend after restart and then
 * completes what was in flight, so the next round starts from content known byte for byte.
 */
public final class CrashModel {
  private final Map<String, byte[]> acknowledged = new LinkedHashMap<>();
  /** The change counter of each name when the previous round was settled. */
  private final Map<String, Long> lastChange = new HashMap<>();
  /** Every object id ever seen, with its name: ids are never reused, even after a crash. */
  private final Map<ObjectId, String> seenIds = new HashMap<>();
  private long acknowledgedLines;
  private long publishes;
  private long rewrites;
  private long interruptedPublishes;
  private long interruptedRewrites;
  private long removals;
  private long interruptedRemovals;

  /**
   * Returns how many acknowledgements all rounds so far recorded.
   *
   * @return the count of publish and ack lines
   */
  public long acknowledgements() {
    return acknowledgedLines;
  }

  /**
   * Returns a one-line summary of what the rounds so far exercised.
   *
   * @return counts of acknowledged and interrupted publishes and rewrites
   */
  public String summary() {
    return objects() + " objects; acknowledged " + publishes + " publishes, " + rewrites
        + " rewrites, " + removals + " removals; killed during " + interruptedPublishes
        + " publishes, " + interruptedRewrites + " rewrites, " + interruptedRemovals + " removals";
  }

  /**
   * Returns how many acknowledged in-place rewrites all rounds recorded.
   *
   * @return the count of ack lines
   */
  public long rewrites() {
    return rewrites;
  }

  /**
   * Returns how many acknowledged removals all rounds recorded.
   *
   * @return the count of removed lines
   */
  public long removals() {
    return removals;
  }

  /**
   * Returns how many acknowledged publishes all rounds recorded.
   *
   * @return the count of publish lines
   */
  public long publishes() {
    return publishes;
  }

  /**
   * Returns how many names are acknowledged.
   *
   * @return the number of objects
   */
  public int objects() {
    return acknowledged.size();
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
    CrashLedger.Pending pending = null;
    CrashLedger.Intent inflight = null;
    String removing = null;
    Set<String> rewritten = new HashSet<>();
    for (CrashLedger.Entry e : entries) {
      switch (e) {
        case CrashLedger.Pending p -> pending = p;
        case CrashLedger.Published p -> {
          byte[] content = CrashData.bytes(p.size(), p.seed());
          if (CrashData.crc(content) != p.crc()) {
            problems.add("ledger: publish line of " + p.name() + " has a wrong CRC");
          }
          acknowledged.put(p.name(), content);
          acknowledgedLines++;
          publishes++;
          pending = null;
        }
        case CrashLedger.Intent i -> inflight = i;
        case CrashLedger.Removing r -> removing = r.name();
        case CrashLedger.Removed r -> {
          if (acknowledged.remove(r.name()) == null) {
            problems.add("ledger: removal of unknown object " + r.name());
          }
          removals++;
          removing = null;
        }
        case CrashLedger.Ack a -> {
          byte[] base = acknowledged.get(a.name());
          if (base == null) {
            problems.add("ledger: ack for unknown object " + a.name());
            continue;
          }
          acknowledged.put(
              a.name(), CrashData.overwrite(base, a.offset(), CrashData.bytes(a.length(), a.seed())));
          acknowledgedLines++;
          rewrites++;
          rewritten.add(a.name());
          inflight = null;
        }
      }
    }

    if (pending != null) {
      interruptedPublishes++;
    }
    if (inflight != null) {
      interruptedRewrites++;
    }
    if (removing != null) {
      interruptedRemovals++;
    }
    Map<String, ObjectId> visible = list(volume, dir);
    for (Map.Entry<String, byte[]> e : acknowledged.entrySet()) {
      String name = e.getKey();
      ObjectId id = visible.get(name);
      if (id == null && !name.equals(removing)) {
        problems.add(name + ": acknowledged object is missing after restart");
        continue;
      }
      if (id == null) {
        continue;
      }
      byte[] actual = read(volume, id);
      if (inflight != null && inflight.name().equals(name)) {
        checkTornWrite(name, e.getValue(), inflight, actual, problems);
        byte[] data = CrashData.bytes(inflight.length(), inflight.seed());
        try (FileHandle h = volume.open(id, OpenMode.WRITE)) {
          h.write(inflight.offset(), ByteBuffer.wrap(data));
          h.sync();
        }
        e.setValue(CrashData.overwrite(e.getValue(), inflight.offset(), data));
      } else if (!Arrays.equals(actual, e.getValue())) {
        problems.add(describe(name, "acknowledged content", e.getValue(), actual));
      }
    }
    if (removing != null && !visible.containsKey(removing)) {
      acknowledged.remove(removing);
    }
    checkIdsAndCounters(volume, visible, rewritten, problems);
    for (Map.Entry<String, ObjectId> v : visible.entrySet()) {
      String name = v.getKey();
      if (acknowledged.containsKey(name)) {
        continue;
      }
      if (pending == null || !pending.name().equals(name)) {
        problems.add(name + ": visible although never announced or acknowledged as removed");
        continue;
      }
      // Linked only after its handle was synced: a visible name must show the whole object.
      byte[] expected = CrashData.bytes(pending.size(), pending.seed());
      byte[] actual = read(volume, v.getValue());
      if (!Arrays.equals(actual, expected)) {
        problems.add(describe(name, "content synced before its link", expected, actual));
      }
      acknowledged.put(name, expected);
    }
    return problems;
  }

  /**
   * Ids are never reused (names never move in the crash test, so an id seen under another name is
   * a reused id), and change counters never go back and move with every acknowledged rewrite.
   */
  private void checkIdsAndCounters(
      Volume volume, Map<String, ObjectId> visible, Set<String> rewritten,
      List<String> problems) {
    for (Map.Entry<String, ObjectId> v : visible.entrySet()) {
      String name = v.getKey();
      String before = seenIds.putIfAbsent(v.getValue(), name);
      if (before != null && !before.equals(name)) {
        problems.add(name + ": has id " + v.getValue() + " that " + before + " had before");
      }
      long change = volume.getAttributes(v.getValue()).change();
      Long last = lastChange.get(name);
      if (last != null && change < last) {
        problems.add(name + ": change counter went back from " + last + " to " + change);
      } else if (last != null && rewritten.contains(name) && change == last) {
        problems.add(name + ": change counter " + change + " did not move with a rewrite");
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
          name + ": size " + actual.length + " during an interrupted write (expected: "
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
