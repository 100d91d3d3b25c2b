package dev.estuary.s3.internal.ops;

import dev.estuary.dfs.DfsException;
import dev.estuary.dfs.ErrorKind;
import dev.estuary.dfs.ObjectId;
import dev.estuary.dfs.Volume;
import java.util.List;
import java.util.Optional;

/**
 * Reads optional extended attributes (bucket settings on the volume root, an object's encryption
 * record) without paying for an exception when they are absent.
 *
 * <p>WHY: most buckets have no versioning state, Object Lock configuration, default encryption,
 * CORS or lifecycle rules, and most objects no encryption record, yet these are asked on every
 * PUT, GET and HEAD. {@link Volume#getXattr} reports an absent attribute as a {@link DfsException}
 * ({@link ErrorKind#NO_SUCH_XATTR}) that carries a stack trace; listing the few attribute names
 * first is one cheap backend call and no exception. The exception is still handled, for an
 * attribute removed between the listing and the read.
 */
public final class Xattrs {
  private Xattrs() {}

  /**
   * Returns the names of an object's attributes.
   *
   * @param v the volume
   * @param id the object
   * @return the names, empty when the backend has no extended attributes
   */
  public static List<String> names(Volume v, ObjectId id) {
    try {
      return v.listXattrs(id);
    } catch (DfsException e) {
      if (e.kind() == ErrorKind.UNSUPPORTED) {
        return List.of();
      }
      throw e;
    }
  }

  /**
   * Reads one attribute when {@code names} (from {@link #names}) holds it.
   *
   * @param v the volume
   * @param id the object
   * @param names the object's attribute names
   * @param name the attribute
   * @return its value, empty when absent
   */
  public static Optional<byte[]> get(Volume v, ObjectId id, List<String> names, String name) {
    if (!names.contains(name)) {
      return Optional.empty();
    }
    try {
      return Optional.of(v.getXattr(id, name));
    } catch (DfsException e) {
      if (e.kind() == ErrorKind.NO_SUCH_XATTR || e.kind() == ErrorKind.UNSUPPORTED) {
        return Optional.empty(); // removed since the listing
      }
      throw e;
    }
  }

  /**
   * Reads one attribute: one listing, then the read only when it is present.
   *
   * @param v the volume
   * @param id the object
   * @param name the attribute
   * @return its value, empty when absent
   */
  public static Optional<byte[]> get(Volume v, ObjectId id, String name) {
    return get(v, id, names(v, id), name);
  }
}
