package dev.estuary.dfs.contract.crash;

import dev.estuary.dfs.Attributes;
import dev.estuary.dfs.Capability;
import dev.estuary.dfs.Dfs;
import dev.estuary.dfs.DfsProvider;
import dev.estuary.dfs.DirCursor;
import dev.estuary.dfs.DirEntry;
import dev.estuary.dfs.DirPage;
import dev.estuary.dfs.FileHandle;
import dev.estuary.dfs.ObjectId;
import dev.estuary.dfs.OpenMode;
import dev.estuary.dfs.Ownership;
import dev.estuary.dfs.RemoveKind;
import dev.estuary.dfs.RenameMode;
import dev.estuary.dfs.RetentionMode;
import dev.estuary.dfs.Volume;
import dev.estuary.dfs.XattrMode;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.SplittableRandom;

/**
 * The child process of the crash test: opens a backend by provider name and writes until it is
 * killed. Each loop publishes a new object the way the frontends do (create unlinked, write, {@link
 * FileHandle#syncData()}, link under a fresh name, {@link Volume#syncNamespace()}, acknowledge),
 * or creates one by name the way a file client does (create, write, {@code syncData}, close,
 * {@code syncNamespace}, acknowledge: a backend may merge the create, the write and the close),
 * rewrites a range of an existing one (announce, write, then either {@link FileHandle#sync()} or
 * {@code syncData} + {@code syncNamespace}, acknowledge), renames one to a fresh name or over
 * another, or removes one (announce, act, {@code syncNamespace}, acknowledge), and with {@link
 * Capability#RETENTION} puts a legal hold or a retention on one or lifts it (same steps), recording every step
 * in a {@link CrashLedger}. Only the cheap durable sequence is used for names, so an acknowledged
 * name that a crash loses, or that shows torn data, is the backend breaking the contract of {@link
 * Volume#syncNamespace()}.
 *
 * <p>Usage: {@code CrashWriter <providerName> <dataDir> <ledgerFile> <seed> <volume>
 * [key=value options...]}. Prints {@code ready} on standard output once the backend is open.
 */
public final class CrashWriter {
  /** Objects kept in the crash directory at most, so the data checked each round stays small. */
  static final int MAX_OBJECTS = 48;

  /** The end of the governance retention the protect step sets: after any clock a test runs with. */
  public static final Instant RETAIN_UNTIL = Instant.parse("2100-01-01T00:00:00Z");

  /** The extended attribute each published object carries (when the backend has xattrs). */
  public static final String XATTR = "user.crash-seed";

  private final Volume volume;
  private final ObjectId dir;
  private final CrashLedger ledger;
  private final SplittableRandom random;
  private final long seed;
  private final Map<String, Long> sizes = new LinkedHashMap<>();
  /** The protection of each name that has one (see {@link CrashLedger.Protecting}). */
  private final Map<String, Integer> protection = new HashMap<>();
  private int published;

  private final boolean xattrs;
  private final boolean retention;

  private CrashWriter(
      Volume volume, ObjectId dir, CrashLedger ledger, long seed, boolean xattrs, boolean retention) {
    this.xattrs = xattrs;
    this.retention = retention;
    this.volume = volume;
    this.dir = dir;
    this.ledger = ledger;
    this.seed = seed;
    this.random = new SplittableRandom(seed);
  }

  /**
   * Runs the writer until the process is killed.
   *
   * @param args provider name, data directory, ledger file, seed, volume, then options
   */
  public static void main(String[] args) {
    if (args.length < 5) {
      throw new IllegalArgumentException(
          "args: " + List.of(args)
              + " (expected: <provider> <dataDir> <ledger> <seed> <volume> [key=value...])");
    }
    Map<String, String> options = new HashMap<>();
    for (int i = 5; i < args.length; i++) {
      int eq = args[i].indexOf('=');
      options.put(args[i].substring(0, eq), args[i].substring(eq + 1));
    }
    DfsProvider provider = find(args[0]);
    Dfs dfs =
        provider.open(
            new DfsProvider.Context(
                Path.of(args[1]), Clock.systemUTC(), new SimpleMeterRegistry(), options));
    PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    run(dfs, args[4], Path.of(args[2]), Long.parseLong(args[3]), () -> out.println("ready"));
  }

  /**
   * Writes through an open backend until a call fails (in the child JVM: until it is killed). A
   * test whose crash is of another process (the remote backend's server) runs it in its own JVM.
   *
   * @param dfs the backend
   * @param volumeName the volume holding {@link CrashLedger#DIRECTORY}
   * @param ledgerFile where to record the steps
   * @param seed the seed of the random steps
   * @param ready called once the writer is about to start
   */
  public static void run(Dfs dfs, String volumeName, Path ledgerFile, long seed, Runnable ready) {
    Volume volume = dfs.volume(volumeName);
    ObjectId dir = volume.lookup(volume.root(), CrashLedger.DIRECTORY).id();
    try (CrashLedger ledger = CrashLedger.append(ledgerFile)) {
      CrashWriter writer =
          new CrashWriter(
              volume, dir, ledger, seed,
              dfs.capabilities().contains(Capability.XATTRS),
              dfs.capabilities().contains(Capability.RETENTION));
      writer.loadSizes();
      ready.run();
      writer.run();
    }
  }

  private static DfsProvider find(String name) {
    List<String> seen = new ArrayList<>();
    for (DfsProvider p : ServiceLoader.load(DfsProvider.class)) {
      if (p.name().equals(name)) {
        return p;
      }
      seen.add(p.name());
    }
    throw new IllegalStateException(
        "provider: '" + name + "' (expected one of " + seen + " found by ServiceLoader)");
  }

  private void loadSizes() {
    DirCursor cursor = DirCursor.START;
    while (true) {
      DirPage page = volume.readdir(dir, cursor, 1000, true);
      for (DirEntry e : page.entries()) {
        Attributes a = e.attributes() != null ? e.attributes() : volume.lookup(dir, e.name());
        sizes.put(e.name(), a.size());
        if (retention) {
          int p = CrashModel.protection(volume.getRetention(a.id()));
          if (p != 0) {
            protection.put(e.name(), p);
          }
        }
      }
      if (page.end()) {
        return;
      }
      cursor = page.next();
    }
  }

  private void run() {
    while (true) {
      int pick = random.nextInt(retention ? 11 : 10);
      boolean allProtected = protection.size() == sizes.size();
      if (sizes.isEmpty() || (sizes.size() < MAX_OBJECTS && pick < 3)) {
        publish();
      } else if (sizes.size() < MAX_OBJECTS && pick < 5) {
        create();
      } else if (pick == 10 || allProtected) {
        protect();
      } else if (pick < 7) {
        rewrite();
      } else if (pick < 8) {
        rename();
      } else {
        remove();
      }
    }
  }

  /** A name the step may change: any, or only one without protection. */
  private String pickName(boolean unprotected) {
    List<String> names = new ArrayList<>(sizes.keySet());
    if (unprotected) {
      names.removeAll(protection.keySet());
    }
    return names.get(random.nextInt(names.size()));
  }

  /**
   * Puts a legal hold on an object or takes it off, or sets or (with the governance bypass)
   * removes a retention period, syncs the namespace, then acknowledges. While protected, an object
   * is only read and renamed; the backend would refuse the rest.
   */
  private void protect() {
    String name = pickName(false);
    int before = protection.getOrDefault(name, 0);
    int after = before ^ (random.nextBoolean() ? 1 : 2);
    ledger.write(new CrashLedger.Protecting(name, after));
    ObjectId id = volume.lookup(dir, name).id();
    if (((before ^ after) & 1) != 0) {
      volume.setLegalHold(id, (after & 1) != 0);
    } else if ((after & 2) != 0) {
      volume.setRetention(id, RetentionMode.GOVERNANCE, RETAIN_UNTIL, false);
    } else {
      volume.setRetention(id, null, null, true);
    }
    volume.syncNamespace();
    ledger.write(new CrashLedger.Protected(name, after));
    if (after == 0) {
      protection.remove(name);
    } else {
      protection.put(name, after);
    }
  }

  /** Writes a new object unnamed, syncs its data, links it, syncs the namespace, then acknowledges. */
  private void publish() {
    String name = "s" + Long.toHexString(seed) + "-" + published++;
    int size = chooseSize();
    long dataSeed = random.nextLong();
    byte[] content = CrashData.bytes(size, dataSeed);
    ledger.write(new CrashLedger.Pending(name, size, dataSeed));
    ObjectId id = volume.createUnlinked(0644, Ownership.ROOT).id();
    try (FileHandle h = volume.open(id, OpenMode.WRITE)) {
      writeInPieces(h, 0, content);
      if (xattrs) {
        // Metadata beside the data, as S3 keeps its ETag: it travels with the object.
        volume.setXattr(id, XATTR, CrashData.xattrValue(dataSeed), XattrMode.UPSERT);
      }
      h.syncData();
      volume.link(id, dir, name, RenameMode.NO_REPLACE);
      volume.syncNamespace();
    }
    ledger.write(new CrashLedger.Published(name, size, dataSeed, CrashData.crc(content)));
    sizes.put(name, (long) size);
  }

  /**
   * Creates a file by name, writes it, syncs its data, closes it, syncs the namespace, then
   * acknowledges. Mostly small files (inline in the engine, whose create, data and close may be one
   * write), some past 64 KiB.
   */
  private void create() {
    String name = "c" + Long.toHexString(seed) + "-" + published++;
    int size = random.nextInt(8) == 0 ? 64 * 1024 + random.nextInt(64 * 1024) : random.nextInt(8 * 1024);
    long dataSeed = random.nextLong();
    byte[] content = CrashData.bytes(size, dataSeed);
    ledger.write(new CrashLedger.Creating(name, size, dataSeed));
    ObjectId id = volume.create(dir, name, 0644, Ownership.ROOT, true).id();
    try (FileHandle h = volume.open(id, OpenMode.WRITE)) {
      writeInPieces(h, 0, content);
      h.syncData();
    }
    volume.syncNamespace();
    ledger.write(new CrashLedger.Created(name, size, dataSeed, CrashData.crc(content)));
    sizes.put(name, (long) size);
  }

  /** Overwrites or extends a range of an existing object in place, syncs, then acknowledges. */
  private void rewrite() {
    String name = pickName(true);
    long size = sizes.get(name);
    int length = 1 + random.nextInt(64 * 1024);
    int offset = size > 3 << 20
        ? random.nextInt((int) size - length)
        : random.nextInt((int) size + 16 * 1024 + 1);
    long dataSeed = random.nextLong();
    byte[] data = CrashData.bytes(length, dataSeed);
    ledger.write(new CrashLedger.Intent(name, offset, length, dataSeed));
    ObjectId id = volume.lookup(dir, name).id();
    try (FileHandle h = volume.open(id, OpenMode.WRITE)) {
      writeInPieces(h, offset, data);
      if (random.nextBoolean()) {
        h.sync();
      } else {
        h.syncData();
        volume.syncNamespace();
      }
    }
    ledger.write(new CrashLedger.Ack(name, offset, length, dataSeed));
    sizes.put(name, Math.max(size, (long) offset + length));
  }

  /** Removes an object, syncs the namespace, then acknowledges. */
  private void remove() {
    String name = pickName(true);
    ledger.write(new CrashLedger.Removing(name));
    volume.remove(dir, name, RemoveKind.NOT_DIRECTORY);
    volume.syncNamespace();
    ledger.write(new CrashLedger.Removed(name));
    sizes.remove(name);
  }

  /** Renames an object to a fresh name or over another object, syncs the namespace, then acknowledges. */
  private void rename() {
    List<String> names = new ArrayList<>(sizes.keySet());
    String from = names.get(random.nextInt(names.size()));
    String to = names.get(random.nextInt(names.size()));
    if (to.equals(from) || protection.containsKey(to) || random.nextBoolean()) {
      to = "s" + Long.toHexString(seed) + "-" + published++;
    }
    ledger.write(new CrashLedger.Renaming(from, to));
    volume.rename(dir, from, dir, to, RenameMode.REPLACE);
    volume.syncNamespace();
    ledger.write(new CrashLedger.Renamed(from, to));
    sizes.put(to, sizes.remove(from));
    Integer p = protection.remove(from);
    if (p != null) {
      protection.put(to, p);
    }
  }

  private void writeInPieces(FileHandle h, long offset, byte[] data) {
    int pos = 0;
    while (pos < data.length) {
      int n = Math.min(data.length - pos, 1 + random.nextInt(256 * 1024));
      h.write(offset + pos, ByteBuffer.wrap(data, pos, n));
      pos += n;
    }
  }

  /** Mostly small objects, some empty or tiny, a few over 1 MiB (past any inline threshold). */
  private int chooseSize() {
    int pick = random.nextInt(16);
    if (pick == 0) {
      return (1 << 20) + random.nextInt(1 << 19);
    } else if (pick < 6) {
      return random.nextInt(64);
    } else {
      return random.nextInt(96 * 1024);
    }
  }
}
