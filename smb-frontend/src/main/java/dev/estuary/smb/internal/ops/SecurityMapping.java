package dev.estuary.smb.internal.ops;

import dev.estuary.core.Sid;
import dev.estuary.core.SidMapping;
import dev.estuary.dfs.Attributes;
import dev.estuary.smb.internal.codec.Bytes;
import dev.estuary.smb.internal.codec.SecurityDescriptor;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * POSIX owner, group and mode bits as a Windows security descriptor and back, the way Samba presents a
 * POSIX file system without ACLs: the owner and group SIDs from the installation's {@link SidMapping},
 * and a DACL of three allowed ACEs, owner, group and Everyone, each carrying the rights of its three mode
 * bits. Setting a DACL of that shape changes the mode bits; any other DACL (deny ACEs, other SIDs)
 * cannot be represented and is refused, never half applied.
 */
final class SecurityMapping {
  /** INHERIT_ONLY_ACE, [MS-DTYP] 2.4.4.1 AceFlags. */
  private static final int INHERIT_ONLY = 0x08;
  /** Everyone, S-1-1-0. */
  static final Sid EVERYONE = Sid.of(1, 0);
  /** What the owner always has besides its mode bits (Samba grants the same). */
  private static final int OWNER_EXTRA = SmbFiles.READ_CONTROL | SmbFiles.WRITE_DAC | SmbFiles.WRITE_OWNER
      | SmbFiles.FILE_READ_ATTRIBUTES | SmbFiles.FILE_WRITE_ATTRIBUTES | SmbFiles.FILE_READ_EA;
  private static final int READ = SmbFiles.FILE_GENERIC_READ;
  private static final int WRITE = SmbFiles.FILE_GENERIC_WRITE | SmbFiles.DELETE;
  private static final int EXECUTE = SmbFiles.FILE_GENERIC_EXECUTE;

  private SecurityMapping() {}

  /**
   * The descriptor of an object, with the parts AdditionalInformation asks for.
   *
   * @param sids the SID mapping
   * @param a the object
   * @param parts OWNER/GROUP/DACL bits
   * @return the descriptor
   */
  static SecurityDescriptor describe(SidMapping sids, Attributes a, int parts) {
    Bytes owner = Bytes.of(sids.userSid(a.uid()).toBytes());
    Bytes group = Bytes.of(sids.groupSid(a.gid()).toBytes());
    List<SecurityDescriptor.Ace> dacl = null;
    if ((parts & SecurityDescriptor.DACL) != 0) {
      dacl = new ArrayList<>();
      int mode = a.mode();
      dacl.add(new SecurityDescriptor.Ace(SecurityDescriptor.ACCESS_ALLOWED, 0, rights(mode >> 6) | OWNER_EXTRA,
          owner));
      dacl.add(new SecurityDescriptor.Ace(SecurityDescriptor.ACCESS_ALLOWED, 0, rights(mode >> 3), group));
      dacl.add(new SecurityDescriptor.Ace(SecurityDescriptor.ACCESS_ALLOWED, 0, rights(mode),
          Bytes.of(EVERYONE.toBytes())));
    }
    return new SecurityDescriptor((parts & SecurityDescriptor.OWNER) != 0 ? owner : null,
        (parts & SecurityDescriptor.GROUP) != 0 ? group : null, dacl);
  }

  private static int rights(int rwx) {
    int m = 0;
    if ((rwx & 4) != 0) {
      m |= READ;
    }
    if ((rwx & 2) != 0) {
      m |= WRITE;
    }
    if ((rwx & 1) != 0) {
      m |= EXECUTE;
    }
    return m == 0 ? SmbFiles.READ_CONTROL | SmbFiles.FILE_READ_ATTRIBUTES | SmbFiles.SYNCHRONIZE : m;
  }

  /**
   * The mode bits a DACL stands for: owner, group and Everyone allowed ACEs, read/write/execute from
   * FILE_READ_DATA, FILE_WRITE_DATA and FILE_EXECUTE.
   *
   * @param dacl the ACEs
   * @param a the object (its owner and group, and the setuid/setgid/sticky bits kept)
   * @param sids the SID mapping
   * @return the new mode, or empty when the DACL cannot be represented by mode bits
   */
  static Optional<Integer> modeOf(List<SecurityDescriptor.Ace> dacl, Attributes a, SidMapping sids) {
    return modeOf(dacl, a.uid(), a.gid(), a.mode() & 07000, sids);
  }

  /**
   * The mode bits a DACL stands for, for an owner and group.
   *
   * @param dacl the ACEs
   * @param uid the owner
   * @param gid the group
   * @param special the setuid/setgid/sticky bits to keep
   * @param sids the SID mapping
   * @return the mode, or empty when the DACL cannot be represented by mode bits
   */
  static Optional<Integer> modeOf(List<SecurityDescriptor.Ace> dacl, int uid, int gid, int special,
      SidMapping sids) {
    Bytes owner = Bytes.of(sids.userSid(uid).toBytes());
    Bytes group = Bytes.of(sids.groupSid(gid).toBytes());
    Bytes everyone = Bytes.of(EVERYONE.toBytes());
    int mode = special;
    for (SecurityDescriptor.Ace ace : dacl) {
      if (ace.type() != SecurityDescriptor.ACCESS_ALLOWED) {
        return Optional.empty();
      }
      if ((ace.flags() & INHERIT_ONLY) != 0) {
        // [MS-DTYP] 2.4.4.1: an inherit-only ACE is for children only and grants nothing on this object
        // (Explorer adds them to directories); the mode bits have no way to keep it, so it is dropped.
        continue;
      }
      int shift;
      if (ace.sid().equals(owner)) {
        shift = 6;
      } else if (ace.sid().equals(group)) {
        shift = 3;
      } else if (ace.sid().equals(everyone)) {
        shift = 0;
      } else {
        return Optional.empty();
      }
      int m = SmbFiles.mapGeneric(ace.mask());
      int rwx = ((m & SmbFiles.FILE_READ_DATA) != 0 ? 4 : 0) | ((m & SmbFiles.FILE_WRITE_DATA) != 0 ? 2 : 0)
          | ((m & SmbFiles.FILE_EXECUTE) != 0 ? 1 : 0);
      mode |= rwx << shift;
    }
    return Optional.of(mode);
  }
}
