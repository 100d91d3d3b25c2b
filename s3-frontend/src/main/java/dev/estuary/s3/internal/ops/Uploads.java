package dev.estuary.s3.internal.ops;

import dev.estuary.dfs.Attributes;
import dev.estuary.dfs.DfsException;
import dev.estuary.dfs.DirCursor;
import dev.estuary.dfs.DirEntry;
import dev.estuary.dfs.DirPage;
import dev.estuary.dfs.ErrorKind;
import dev.estuary.dfs.ObjectId;
import dev.estuary.dfs.Ownership;
import dev.estuary.dfs.RemoveKind;
import dev.estuary.dfs.ReservedNames;
import dev.estuary.dfs.Volume;
import dev.estuary.dfs.decorate.ReservedNamesDfs;
import dev.estuary.s3.internal.codec.PartRecord;
import dev.estuary.s3.internal.codec.UploadRecord;
import dev.estuary.s3.internal.error.S3ErrorCode;
import dev.estuary.s3.internal.error.S3Exception;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Where multipart uploads live while in progress: the reserved directory {@value
 * ReservedNames#S3_UPLOADS} at the volume root, one sub-directory per upload (named by the upload id) holding the upload's {@link
 * UploadRecord} in an extended attribute and one file per part (named by its zero-padded number,
 * its {@link PartRecord} in an extended attribute). Being ordinary durable objects, uploads
 * survive a restart and can be completed after one.
 *
 * <p>Frontends see volumes through the reserved-names decorator, which hides the area from every
 * listing and lookup and refuses to create, rename or remove it ({@link
 * dev.estuary.dfs.decorate.ReservedNamesVolume}). This class is the one place that gets past it,
 * through {@link #privileged}, and only for the area's own root entry (find, create, remove it);
 * inside the area it works by object id on the ordinary volume, since ids of area objects are
 * learned only here.
 */
public final class Uploads {
  /** Highest part number (S3: 10,000 parts). */
  public static final int MAX_PARTS = 10_000;

  private Uploads() {}

  /**
   * One upload found.
   *
   * @param id the upload id
   * @param dir its directory
   * @param record its record
   */
  public record Upload(String id, ObjectId dir, UploadRecord record) {}

  /**
   * One part found.
   *
   * @param number the part number
   * @param attributes the part file's attributes
   * @param record its MD5 and checksum
   */
  public record Part(int number, Attributes attributes, PartRecord record) {}

  /**
   * Refuses keys whose first segment is a reserved root name ({@link ReservedNames}, compared
   * case-insensitively): the multipart area and whatever else the gateway keeps at a volume root.
   *
   * @param key the key
   */
  public static void refuseReserved(KeyPath key) {
    String first = key.segments().get(0);
    if (ReservedNames.isReservedAtRoot(first)) {
      throw new S3Exception(S3ErrorCode.INVALID_ARGUMENT, "key '" + key.key() + "': '" + first
          + "' (expected: a first segment not starting with '" + ReservedNames.PREFIX
          + "' in any case; such names are reserved, '" + ReservedNames.S3_UPLOADS
          + "/' for multipart uploads in progress)")
          .withDetail("ArgumentName", "key").withDetail("ArgumentValue", key.key());
    }
  }

  /**
   * The privileged path to the area's root entry ({@link ReservedNamesDfs#privileged}): the volume
   * without the reserved-names decorator. Used for nothing but looking up, creating and removing
   * {@link ReservedNames#S3_UPLOADS}.
   */
  private static Volume privileged(Volume v) {
    return ReservedNamesDfs.privileged(RootSettings.unwrap(v));
  }

  /**
   * Returns the area, creating it.
   *
   * @param v the volume
   * @return the area directory
   */
  static ObjectId area(Volume v) {
    return privileged(v).mkdirs(ReservedNames.S3_UPLOADS, 0700, Ownership.ROOT).id();
  }

  /**
   * Returns the area if it exists.
   *
   * @param v the volume
   * @return its id
   */
  static Optional<ObjectId> existingArea(Volume v) {
    try {
      Attributes a = privileged(v).lookup(v.root(), ReservedNames.S3_UPLOADS);
      return a.isDirectory() ? Optional.of(a.id()) : Optional.empty();
    } catch (DfsException e) {
      if (e.kind() == ErrorKind.NOT_FOUND) {
        return Optional.empty();
      }
      throw e;
    }
  }

  /**
   * Finds an upload of a key.
   *
   * @param v the volume
   * @param uploadId the id
   * @param key the key it must be for
   * @return the upload
   * @throws S3Exception {@code NoSuchUpload}
   */
  static Upload find(Volume v, String uploadId, String key) {
    if (!uploadId.matches("[0-9a-f]{32}")) {
      throw noSuchUpload(uploadId);
    }
    Optional<ObjectId> area = existingArea(v);
    if (area.isEmpty()) {
      throw noSuchUpload(uploadId);
    }
    try {
      Attributes dir = v.lookup(area.get(), uploadId);
      UploadRecord r = UploadRecord.decode(v.getXattr(dir.id(), UploadRecord.XATTR));
      if (!r.key().equals(key)) {
        throw noSuchUpload(uploadId);
      }
      return new Upload(uploadId, dir.id(), r);
    } catch (DfsException e) {
      if (e.kind() == ErrorKind.NOT_FOUND || e.kind() == ErrorKind.NO_SUCH_XATTR
          || e.kind() == ErrorKind.STALE) {
        throw noSuchUpload(uploadId);
      }
      throw e;
    }
  }

  /**
   * Returns the directory of an upload in progress: the access decorator keeps there the ACL that
   * CreateMultipartUpload asked for, until CompleteMultipartUpload gives it to the object.
   *
   * @param v the volume
   * @param uploadId the id
   * @param key the key it must be for
   * @return the upload's directory
   * @throws S3Exception {@code NoSuchUpload}
   */
  public static ObjectId directory(Volume v, String uploadId, String key) {
    return find(v, uploadId, key).dir();
  }

  static S3Exception noSuchUpload(String id) {
    return new S3Exception(S3ErrorCode.NO_SUCH_UPLOAD, "upload '" + id + "' does not exist")
        .withDetail("UploadId", id);
  }

  static String partName(int n) {
    return String.format("%05d", n);
  }

  /**
   * Lists an upload's parts in number order.
   *
   * @param v the volume
   * @param u the upload
   * @param after only parts numbered above this
   * @param max the most parts
   * @return the parts
   */
  static List<Part> parts(Volume v, Upload u, int after, int max) {
    List<Part> out = new ArrayList<>();
    DirCursor c = after > 0 ? v.cursorAfter(partName(after)) : DirCursor.START;
    while (out.size() < max) {
      DirPage p = v.readdir(u.dir(), c, Math.min(1000, max - out.size() + 1), true);
      for (DirEntry e : p.entries()) {
        if (out.size() >= max) {
          break;
        }
        int n;
        try {
          n = Integer.parseInt(e.name());
        } catch (NumberFormatException x) {
          continue;
        }
        Attributes a = e.attributes() != null ? e.attributes() : v.getAttributes(e.id());
        try {
          out.add(new Part(n, a, PartRecord.decode(v.getXattr(e.id(), PartRecord.XATTR))));
        } catch (DfsException x) {
          if (x.kind() != ErrorKind.NO_SUCH_XATTR && x.kind() != ErrorKind.STALE) {
            throw x;
          }
        }
      }
      if (p.end() || p.entries().isEmpty()) {
        break;
      }
      c = p.next();
    }
    return out;
  }

  /**
   * Removes an upload's parts and directory.
   *
   * @param v the volume
   * @param u the upload
   */
  static void remove(Volume v, Upload u) {
    while (true) {
      DirPage p = v.readdir(u.dir(), DirCursor.START, 1000, false);
      for (DirEntry e : p.entries()) {
        try {
          v.remove(u.dir(), e.name(), RemoveKind.ANY);
        } catch (DfsException x) {
          if (x.kind() != ErrorKind.NOT_FOUND) {
            throw x;
          }
        }
      }
      if (p.entries().isEmpty() || p.end()) {
        break;
      }
    }
    Optional<ObjectId> area = existingArea(v);
    if (area.isPresent()) {
      try {
        v.remove(area.get(), u.id(), RemoveKind.DIRECTORY);
      } catch (DfsException x) {
        if (x.kind() != ErrorKind.NOT_FOUND && x.kind() != ErrorKind.NOT_EMPTY) {
          throw x;
        }
      }
      // With no upload left the area goes too, so a volume without uploads in progress holds
      // exactly its objects (what SMB and NFS users see). CreateMultipartUpload retries if it
      // loses a race with this.
      try {
        privileged(v).remove(v.root(), ReservedNames.S3_UPLOADS, RemoveKind.DIRECTORY);
      } catch (DfsException x) {
        if (x.kind() != ErrorKind.NOT_FOUND && x.kind() != ErrorKind.NOT_EMPTY) {
          throw x;
        }
      }
    }
  }
}
