package dev.estuary.core;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/**
 * Maps unix uids and gids to Windows SIDs and back the way Samba's algorithmic mapping does
 * ({@code passdb.c}: {@code algorithmic_uid_to_sid}, {@code pdb_gid_to_group_rid}, with the
 * default {@code algorithmic rid base} of 1000): a user's SID is the installation's domain SID plus
 * RID {@code uid*2+1000}, a group's is the domain SID plus RID {@code gid*2+1001}, so user RIDs are
 * even and group RIDs odd and neither ever falls below 1000, where Windows keeps its well-known
 * RIDs (500 Administrator, 513 Domain Users...). An id whose RID would not fit in 32 bits (uid or
 * gid above 2147483147) gets Samba's unmapped-unix SID instead: {@code S-1-22-1-uid} for users and
 * {@code S-1-22-2-gid} for groups. A plain immutable value, so a remote identity service can send
 * it as is.
 *
 * @param domain the installation's domain SID, {@code S-1-5-21-x-y-z}
 */
public record SidMapping(Sid domain) {
  /** Samba's default (and lowest) algorithmic RID base. */
  public static final long RID_BASE = 1000;

  /** Samba's SID authority 22 with sub-authority 1: unix users without a SAM mapping. */
  public static final Sid UNIX_USERS = Sid.of(22, 1);

  /** Samba's SID authority 22 with sub-authority 2: unix groups without a SAM mapping. */
  public static final Sid UNIX_GROUPS = Sid.of(22, 2);

  private static final long MAX_RID = 0xFFFF_FFFFL;

  /** Validates the component. */
  public SidMapping {
    requireNonNull(domain, "domain");
    if (domain.subAuthorities().size() >= Sid.MAX_SUB_AUTHORITIES) {
      throw new IllegalArgumentException(
          "domain SID: " + domain + " (expected: room for one more sub-authority)");
    }
  }

  /** Whether a SID names a user or a group. */
  public enum Kind {
    /** A user: the id is a uid. */
    USER,
    /** A group: the id is a gid. */
    GROUP
  }

  /**
   * A unix id a SID maps to.
   *
   * @param kind user or group
   * @param id the uid or gid (unsigned 32-bit in an int)
   */
  public record UnixId(Kind kind, int id) {
    /** Validates the component. */
    public UnixId {
      requireNonNull(kind, "kind");
    }
  }

  /**
   * Returns the SID of a user.
   *
   * @param uid the uid (unsigned)
   * @return domain + (uid*2+1000), or {@code S-1-22-1-uid} when that RID does not fit
   */
  public Sid userSid(int uid) {
    long u = Integer.toUnsignedLong(uid);
    long rid = u * 2 + RID_BASE;
    return rid <= MAX_RID ? domain.append(rid) : UNIX_USERS.append(u);
  }

  /**
   * Returns the SID of a group.
   *
   * @param gid the gid (unsigned)
   * @return domain + (gid*2+1001), or {@code S-1-22-2-gid} when that RID does not fit
   */
  public Sid groupSid(int gid) {
    long g = Integer.toUnsignedLong(gid);
    long rid = g * 2 + RID_BASE + 1;
    return rid <= MAX_RID ? domain.append(rid) : UNIX_GROUPS.append(g);
  }

  /**
   * Maps a SID back to a uid or gid: a SID of this domain with a RID of 1000 or more (even: user,
   * odd: group), or one of Samba's {@code S-1-22-1-uid}/{@code S-1-22-2-gid}.
   *
   * @param sid the SID
   * @return the unix id, or empty for any other SID (another domain, a well-known SID, a RID below
   *     1000)
   */
  public Optional<UnixId> resolve(Sid sid) {
    if (sid.isIn(domain)) {
      long rid = sid.rid();
      if (rid < RID_BASE) {
        return Optional.empty();
      }
      long n = rid - RID_BASE;
      return Optional.of(new UnixId((n & 1) == 0 ? Kind.USER : Kind.GROUP, (int) (n >>> 1)));
    }
    if (sid.isIn(UNIX_USERS)) {
      return Optional.of(new UnixId(Kind.USER, (int) sid.rid()));
    }
    if (sid.isIn(UNIX_GROUPS)) {
      return Optional.of(new UnixId(Kind.GROUP, (int) sid.rid()));
    }
    return Optional.empty();
  }
}
