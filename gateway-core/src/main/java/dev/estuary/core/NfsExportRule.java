package dev.estuary.core;

import static java.util.Objects.requireNonNull;

/**
 * One NFS export rule of a volume: which clients may mount it, read-only or read-write, and how
 * their ids are squashed (exports(5)). A volume with no rule is exported to nobody. A plain
 * immutable value.
 *
 * @param clients the client address range
 * @param readWrite whether writes are allowed (else the export is read-only for these clients)
 * @param squash how the caller's ids are mapped
 * @param anonUid the uid squashed callers get (exports(5) {@code anonuid}, default 65534)
 * @param anonGid the gid squashed callers get (exports(5) {@code anongid}, default 65534)
 */
public record NfsExportRule(
    ClientRange clients, boolean readWrite, NfsSquash squash, int anonUid, int anonGid) {
  /** The anonymous uid and gid when none is configured: Linux's {@code nobody}/{@code nogroup}. */
  public static final int DEFAULT_ANON_ID = 65534;

  /** Validates the components. */
  public NfsExportRule {
    requireNonNull(clients, "clients");
    requireNonNull(squash, "squash");
  }

  /**
   * Returns the rule in exports(5) style.
   *
   * @return e.g. {@code 127.0.0.0/8(rw,root_squash,anonuid=65534,anongid=65534)}
   */
  public String describe() {
    return clients.cidr() + "(" + (readWrite ? "rw" : "ro") + "," + squash.text() + ",anonuid="
        + Integer.toUnsignedString(anonUid) + ",anongid=" + Integer.toUnsignedString(anonGid) + ")";
  }
}
