package dev.estuary.bench.internal;

import java.util.ArrayList;
import java.util.List;

/**
 * Create, stat, readdir and unlink of many empty files, (i) all in one directory and (ii) spread
 * over directories of 1,000 files. Files are created and unlinked in name order, directory by
 * directory (like unpacking and removing a tree), and stat'ed in a fixed shuffled order (like
 * clients looking files up at random). Readdir lists every directory {@value #LIST_PASSES} times
 * so the phase is long enough to time. Both layouts are created before either is stat'ed, listed
 * or unlinked, so no create phase follows a mass deletion (see {@link Settler}).
 */
final class MetadataWorkload implements Workload {
  static final int LIST_PASSES = 3;

  @Override
  public String name() {
    return "metadata";
  }

  @Override
  public <D> List<Measurement> run(Side<D> side, D base, Sizes sizes, Phases phases) {
    String[] names = Data.names(sizes.metadataFiles());
    int[] order = Data.shuffled(names.length, 42);
    List<Layout<D>> layouts =
        List.of(
            new Layout<>(side, base, phases, names, 1, "metadata 1 dir"),
            new Layout<>(side, base, phases, names, sizes.metadataDirs(),
                "metadata " + sizes.metadataDirs() + " dirs"));
    for (Layout<D> l : layouts) {
      l.create();
    }
    for (Layout<D> l : layouts) {
      l.stat(order);
    }
    for (Layout<D> l : layouts) {
      l.list();
    }
    for (Layout<D> l : layouts) {
      l.unlink();
    }
    List<Measurement> out = new ArrayList<>();
    for (Layout<D> l : layouts) {
      out.addAll(l.rows);
    }
    return out;
  }

  /** One layout's directories and its four timed phases. */
  private static final class Layout<D> {
    private final Side<D> side;
    private final Phases phases;
    private final String[] names;
    private final String label;
    private final List<D> dirs;
    private final int perDir;
    private final List<Measurement> rows = new ArrayList<>();

    Layout(Side<D> side, D base, Phases phases, String[] names, int dirCount, String label) {
      this.side = side;
      this.phases = phases;
      this.names = names;
      this.label = label;
      D work = side.mkdir(base, "meta-" + dirCount);
      this.dirs = new ArrayList<>(dirCount);
      if (dirCount == 1) {
        dirs.add(work);
      } else {
        for (int d = 0; d < dirCount; d++) {
          dirs.add(side.mkdir(work, "d" + d));
        }
      }
      this.perDir = (names.length + dirCount - 1) / dirCount;
    }

    void create() {
      Phases.Timed t = phases.start(label + ": create", names.length, false);
      for (int i = 0; i < names.length; i++) {
        side.create(dirs.get(i / perDir), names[i]);
        t.tick(i + 1);
      }
      rows.add(t.stop(Bar.CREATE));
    }

    void stat(int[] order) {
      long sink = 0;
      Phases.Timed t = phases.start(label + ": stat", names.length, false);
      for (int j = 0; j < order.length; j++) {
        int i = order[j];
        sink += side.stat(dirs.get(i / perDir), names[i]);
        t.tick(j + 1);
      }
      rows.add(t.stop(Bar.METADATA));
      check(sink == 0, "stat: total size " + sink + " of empty files (expected: 0)");
    }

    void list() {
      long listed = 0;
      Phases.Timed t = phases.start(label + ": readdir", (long) names.length * LIST_PASSES, false);
      for (int pass = 0; pass < LIST_PASSES; pass++) {
        for (D dir : dirs) {
          listed += side.list(dir);
          t.tick(listed);
        }
      }
      rows.add(t.stop(Bar.METADATA));
      long expected = (long) names.length * LIST_PASSES;
      check(listed == expected, "readdir: " + listed + " entries listed (expected: " + expected + ")");
    }

    void unlink() {
      Phases.Timed t = phases.start(label + ": unlink", names.length, false);
      for (int i = 0; i < names.length; i++) {
        side.unlink(dirs.get(i / perDir), names[i]);
        t.tick(i + 1);
      }
      rows.add(t.stop(Bar.METADATA));
    }
  }

  static void check(boolean ok, String message) {
    if (!ok) {
      throw new IllegalStateException(message);
    }
  }
}
