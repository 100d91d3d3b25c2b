package dev.estuary.s3.testing;

import dev.estuary.dfs.Attributes;
import dev.estuary.dfs.Dfs;
import dev.estuary.dfs.DfsException;
import dev.estuary.dfs.DirCursor;
import dev.estuary.dfs.DirEntry;
import dev.estuary.dfs.DirPage;
import dev.estuary.dfs.ErrorKind;
import dev.estuary.dfs.FileHandle;
import dev.estuary.dfs.ObjectId;
import dev.estuary.dfs.ObjectType;
import dev.estuary.dfs.OpenMode;
import dev.estuary.dfs.Ownership;
import dev.estuary.dfs.Volume;
import dev.estuary.dfs.decorate.ReservedNamesDfs;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** A {@link VolumeView} over the embedded engine's {@link Dfs}, as a file protocol sees it. */
final class DfsVolumeView implements VolumeView {
  private final Dfs dfs;
  private final Ownership owner;

  DfsVolumeView(Dfs dfs, Ownership owner) {
    this.dfs = dfs;
    this.owner = owner;
  }

  @Override
  public List<String> walk(String bucket) {
    // The whole volume, the reserved multipart area included: tests check what is really stored.
    Volume v = ReservedNamesDfs.privileged(dfs.volume(bucket));
    List<String> out = new ArrayList<>();
    walk(v, v.root(), "", out);
    out.sort(null);
    return out;
  }

  private static void walk(Volume v, ObjectId dir, String prefix, List<String> out) {
    DirCursor cursor = DirCursor.START;
    while (true) {
      DirPage page = v.readdir(dir, cursor, 1000, false);
      for (DirEntry e : page.entries()) {
        if (e.type() == ObjectType.DIRECTORY) {
          out.add(prefix + e.name() + "/");
          walk(v, e.id(), prefix + e.name() + "/", out);
        } else {
          out.add(prefix + e.name());
        }
      }
      if (page.end()) {
        return;
      }
      cursor = page.next();
    }
  }

  @Override
  public void writeFile(String bucket, String path, byte[] data) {
    Volume v = dfs.volume(bucket);
    int slash = path.lastIndexOf('/');
    Attributes parent = slash < 0
        ? v.getAttributes(v.root())
        : v.mkdirs(path.substring(0, slash), 0755, owner);
    Attributes file = v.create(parent.id(), path.substring(slash + 1), 0644, owner, false);
    try (FileHandle h = v.open(file.id(), OpenMode.WRITE)) {
      h.truncate(0);
      ByteBuffer b = ByteBuffer.wrap(data);
      long pos = 0;
      while (b.hasRemaining()) {
        pos += h.write(pos, b);
      }
      h.sync();
    }
  }

  @Override
  public void mkdirs(String bucket, String path) {
    dfs.volume(bucket).mkdirs(path, 0755, owner);
  }

  @Override
  public Optional<byte[]> read(String bucket, String path) {
    Volume v = dfs.volume(bucket);
    Attributes a;
    try {
      a = v.resolve(path, false);
    } catch (DfsException e) {
      if (e.kind() == ErrorKind.NOT_FOUND || e.kind() == ErrorKind.NOT_DIRECTORY) {
        return Optional.empty();
      }
      throw e;
    }
    if (!a.isFile()) {
      return Optional.empty();
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (FileHandle h = v.open(a.id(), OpenMode.READ)) {
      ByteBuffer buf = ByteBuffer.allocate(64 * 1024);
      long pos = 0;
      while (true) {
        buf.clear();
        int n = h.read(pos, buf);
        if (n <= 0) {
          break;
        }
        out.write(buf.array(), 0, n);
        pos += n;
      }
    }
    return Optional.of(out.toByteArray());
  }

  @Override
  public boolean bucketExists(String bucket) {
    return dfs.listVolumes().stream().anyMatch(i -> i.name().equals(bucket));
  }
}
