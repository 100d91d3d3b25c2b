package dev.estuary.bench.internal;

import dev.estuary.dfs.Attributes;
import dev.estuary.dfs.Dfs;
import dev.estuary.dfs.DfsProvider;
import dev.estuary.dfs.DirCursor;
import dev.estuary.dfs.DirEntry;
import dev.estuary.dfs.DirPage;
import dev.estuary.dfs.FileHandle;
import dev.estuary.dfs.ObjectId;
import dev.estuary.dfs.ObjectType;
import dev.estuary.dfs.OpenMode;
import dev.estuary.dfs.Ownership;
import dev.estuary.dfs.RemoveKind;
import dev.estuary.dfs.Volume;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;

/**
 * The backend side: every operation goes through dfs-api, the way a frontend would do it (a name
 * is looked up before it is opened; files are opened by id).
 */
public final class EngineSide implements Side<ObjectId> {

  /** How each operation is done, printed with the results. */
  public static final String METHODS =
      """
      engine create  = Volume.create(dir, name, 0644, exclusive)
      engine stat    = Volume.lookup(dir, name) (name lookup + attributes, like stat(2) by path)
      engine readdir = Volume.readdir(dir, cursor, 4096, withAttributes=false) until the end
      engine unlink  = Volume.remove(dir, name, NOT_DIRECTORY)
      engine small   = create + open(WRITE) + write + close; lookup + open(READ) + read + close
      engine big     = FileHandle positional read/write of direct buffers, FileHandle.sync""";

  /** Entries per readdir page. */
  static final int PAGE = 4096;

  private static final Ownership OWNER = new Ownership(1000, 1000);
  private static final String VOLUME = "bench";

  private final Dfs dfs;
  private final Volume volume;
  private final Path dataDir;

  private EngineSide(Dfs dfs, Volume volume, Path dataDir) {
    this.dfs = dfs;
    this.volume = volume;
    this.dataDir = dataDir;
  }

  /**
   * Opens the provider of the given name over a fresh data directory and creates one volume.
   *
   * @param provider the {@link DfsProvider#name()} to find with {@link ServiceLoader}
   * @param options the provider's options
   * @param dataDir an empty directory the backend will own
   * @return the side
   * @throws IllegalStateException if no provider of that name is on the class path
   */
  public static EngineSide open(String provider, Map<String, String> options, Path dataDir) {
    List<String> found = new ArrayList<>();
    for (DfsProvider p : ServiceLoader.load(DfsProvider.class)) {
      if (p.name().equals(provider)) {
        Dfs dfs =
            p.open(
                new DfsProvider.Context(
                    dataDir, Clock.systemUTC(), new SimpleMeterRegistry(), options));
        dfs.createVolume(VOLUME, 0755, OWNER);
        return new EngineSide(dfs, dfs.volume(VOLUME), dataDir);
      }
      found.add(p.name());
    }
    throw new IllegalStateException(
        "provider: '" + provider + "' (expected: one of the DfsProviders on the class path: "
            + found + "; use --nio-only to run without a backend)");
  }

  @Override
  public String label() {
    return "engine";
  }

  @Override
  public ObjectId root() {
    return volume.root();
  }

  @Override
  public Path storage() {
    return dataDir;
  }

  @Override
  public ObjectId mkdir(ObjectId parent, String name) {
    return volume.mkdir(parent, name, 0755, OWNER).id();
  }

  @Override
  public void create(ObjectId dir, String name) {
    volume.create(dir, name, 0644, OWNER, true);
  }

  @Override
  public long stat(ObjectId dir, String name) {
    return volume.lookup(dir, name).size();
  }

  @Override
  public long list(ObjectId dir) {
    long n = 0;
    DirCursor cursor = DirCursor.START;
    while (true) {
      DirPage page = volume.readdir(dir, cursor, PAGE, false);
      n += page.entries().size();
      if (page.end()) {
        return n;
      }
      cursor = page.next();
    }
  }

  @Override
  public void unlink(ObjectId dir, String name) {
    volume.remove(dir, name, RemoveKind.NOT_DIRECTORY);
  }

  @Override
  public void writeFile(ObjectId dir, String name, ByteBuffer src) {
    Attributes file = volume.create(dir, name, 0644, OWNER, true);
    try (FileHandle h = volume.open(file.id(), OpenMode.WRITE)) {
      h.write(0, src);
    }
  }

  @Override
  public int readFile(ObjectId dir, String name, ByteBuffer dst) {
    Attributes file = volume.lookup(dir, name);
    try (FileHandle h = volume.open(file.id(), OpenMode.READ)) {
      // FileHandle.read fills the buffer unless the file ends first, so one short read is all.
      int n = h.read(0, dst);
      if (n >= 0 && !dst.hasRemaining()) {
        throw new IllegalStateException(
            "file '" + name + "': larger than the " + dst.capacity() + "-byte buffer");
      }
      return Math.max(n, 0);
    }
  }

  @Override
  public BigFile createBig(ObjectId dir, String name) {
    Attributes file = volume.create(dir, name, 0644, OWNER, true);
    return new EngineBigFile(volume.open(file.id(), OpenMode.READ_WRITE));
  }

  @Override
  public void deleteTree(ObjectId parent, String name) {
    ObjectId dir = volume.lookup(parent, name).id();
    while (true) {
      DirPage page = volume.readdir(dir, DirCursor.START, PAGE, false);
      for (DirEntry e : page.entries()) {
        if (e.type() == ObjectType.DIRECTORY) {
          deleteTree(dir, e.name());
        } else {
          volume.remove(dir, e.name(), RemoveKind.NOT_DIRECTORY);
        }
      }
      if (page.end()) {
        break;
      }
    }
    volume.remove(parent, name, RemoveKind.DIRECTORY);
  }

  @Override
  public void close() {
    try {
      dfs.close();
    } finally {
      Trees.delete(dataDir);
    }
  }

  private record EngineBigFile(FileHandle h) implements BigFile {
    @Override
    public void write(long position, ByteBuffer src) {
      h.write(position, src);
    }

    @Override
    public int read(long position, ByteBuffer dst) {
      return Math.max(h.read(position, dst), 0);
    }

    @Override
    public void sync() {
      h.sync();
    }

    @Override
    public void close() {
      h.close();
    }
  }
}
