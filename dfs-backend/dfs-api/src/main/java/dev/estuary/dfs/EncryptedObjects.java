package dev.estuary.dfs;

/**
 * The mark of an object whose bytes are encrypted at rest by the S3 frontend (server-side
 * encryption, SSE-C or SSE-S3): the extended attribute {@value #XATTR}, set on the object before
 * it is first linked under a name, so an encrypted object is never visible unmarked. Its value is
 * the S3 frontend's own record (scheme, wrapped key, block layout); other code only asks whether
 * it is there.
 *
 * <p>File protocols (NFS, SMB, the dataset service) cannot decrypt: they see the object's
 * ciphertext, and a write, truncation or copy through them would corrupt it. The one decorator
 * they all use refuses to open or resize a marked object ({@link #refuse}, {@link
 * ErrorKind#ACCESS_DENIED}); removing or renaming it stays allowed, as {@code rm} of an
 * unreadable file is. The name starts with {@code estuary.}, which no file protocol lets a client
 * read, set or remove (they expose {@code user.*} names only), so the mark cannot be stripped.
 */
public final class EncryptedObjects {
  /** The extended attribute that marks an encrypted object (and holds S3's record of it). */
  public static final String XATTR = "estuary.s3.sse";

  private EncryptedObjects() {}

  /**
   * Returns whether an object carries the mark.
   *
   * @param volume the undecorated volume (or one that lets the caller list xattrs)
   * @param id the object
   * @return whether it is S3-encrypted
   */
  public static boolean isEncrypted(Volume volume, ObjectId id) {
    return volume.listXattrs(id).contains(XATTR);
  }

  /**
   * Returns the refusal for an operation on an encrypted object through a protocol that cannot
   * decrypt it.
   *
   * @param volume the volume
   * @param id the object
   * @param operation what was refused, e.g. {@code "open"}
   * @return an {@link ErrorKind#ACCESS_DENIED} exception naming the object and the reason
   */
  public static DfsException refuse(Volume volume, ObjectId id, String operation) {
    return new DfsException(ErrorKind.ACCESS_DENIED, operation + ": object " + id + " of volume '"
        + volume.name() + "' is S3-encrypted (server-side encryption, " + XATTR + "): only S3"
        + " requests carrying its key can read or change it (expected: an unencrypted object)");
  }
}
