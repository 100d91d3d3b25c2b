package dev.estuary.smb.internal.ops;

import dev.estuary.dfs.DfsException;
import dev.estuary.dfs.ErrorKind;
import dev.estuary.dfs.ObjectId;
import dev.estuary.dfs.Volume;
import dev.estuary.dfs.XattrMode;
import dev.estuary.smb.internal.codec.Bytes;
import dev.estuary.smb.internal.codec.FullEa;
import dev.estuary.smb.internal.codec.NtStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * SMB extended attributes on the backend's xattrs: EA {@code NAME} is the xattr {@code user.NAME}, the
 * name a Linux host and the NFS frontend (RFC 8276) give the same attribute, so an EA set over SMB (the Linux
 * cifs client maps {@code user.*} xattrs to EAs) is the xattr NFS sees. Only {@code user.} xattrs are EAs:
 * the gateway's own ({@code estuary.*}) are never listed, set or removed through SMB. EA names are
 * ASCII and compared ignoring case, as NTFS does: setting {@code Foo} replaces {@code FOO}.
 */
final class SmbEas {
  /** The backend prefix of EA names. */
  static final String PREFIX = "user.";
  /** Characters an EA name cannot hold ([MS-FSCC] 2.4.15: those of file names plus {@code + , ; = [ ]}). */
  private static final String INVALID = "\"*+,/:;<=>?[\\]|";

  private SmbEas() {}

  /**
   * Refuses names that cannot be EA names.
   *
   * @param eas the entries to set
   * @return STATUS_INVALID_EA_NAME, or null when all are valid
   */
  static @Nullable NtStatus check(List<FullEa> eas) {
    for (FullEa ea : eas) {
      String n = ea.name();
      if (n.isEmpty() || n.length() > 255) {
        return NtStatus.INVALID_EA_NAME;
      }
      for (int i = 0; i < n.length(); i++) {
        char c = n.charAt(i);
        if (c < 0x20 || c > 0x7E || INVALID.indexOf(c) >= 0) {
          return NtStatus.INVALID_EA_NAME;
        }
      }
    }
    return null;
  }

  /**
   * The EAs of an object, in the backend's order.
   *
   * @param v the volume
   * @param id the object
   * @return the EAs
   */
  static List<FullEa> list(Volume v, ObjectId id) {
    List<FullEa> out = new ArrayList<>();
    for (String x : v.listXattrs(id)) {
      if (x.startsWith(PREFIX) && x.length() > PREFIX.length()) {
        try {
          out.add(new FullEa(0, x.substring(PREFIX.length()), Bytes.of(v.getXattr(id, x))));
        } catch (DfsException e) {
          if (e.kind() != ErrorKind.NO_SUCH_XATTR) {
            throw e;
          }
        }
      }
    }
    return out;
  }

  /**
   * The combined size of an object's EAs as FileEaInformation reports it.
   *
   * @param v the volume
   * @param id the object
   * @return the size of the FILE_FULL_EA_INFORMATION list, 0 without EAs
   */
  static int size(Volume v, ObjectId id) {
    try {
      return FullEa.listSize(list(v, id));
    } catch (DfsException e) {
      if (e.kind() == ErrorKind.ACCESS_DENIED) {
        // EaSize comes with the attributes, which need no read permission; the values behind it do.
        return 0;
      }
      throw e;
    }
  }

  /**
   * Sets and removes EAs: an empty value removes the EA (absent ones are skipped, as NTFS does); another
   * value replaces any EA of the same name ignoring case.
   *
   * @param v the volume (checked: changing xattrs needs write permission)
   * @param id the object
   * @param eas the entries, already {@link #check checked}
   */
  static void apply(Volume v, ObjectId id, List<FullEa> eas) {
    List<String> existing = new ArrayList<>(v.listXattrs(id));
    for (FullEa ea : eas) {
      String folded = ea.name().toUpperCase(Locale.ROOT);
      for (String x : List.copyOf(existing)) {
        if (x.startsWith(PREFIX) && x.substring(PREFIX.length()).toUpperCase(Locale.ROOT).equals(folded)
            && (ea.value().isEmpty() || !x.equals(PREFIX + ea.name()))) {
          v.removeXattr(id, x);
          existing.remove(x);
        }
      }
      if (!ea.value().isEmpty()) {
        v.setXattr(id, PREFIX + ea.name(), ea.value().toArray(), XattrMode.UPSERT);
        existing.add(PREFIX + ea.name());
      }
    }
  }
}
