package dev.estuary.smb.internal.ops;

import static java.util.Objects.requireNonNull;

import dev.estuary.core.AccessChecker;
import dev.estuary.core.IdentityService;
import dev.estuary.dfs.Dfs;
import dev.estuary.smb.internal.auth.NtlmServer;
import dev.estuary.smb.internal.ipc.ShareCatalog;
import dev.estuary.smb.internal.state.ObjectTable;
import dev.estuary.smb.internal.state.SessionRegistry;
import dev.estuary.smb.internal.state.SmbSettings;
import java.security.SecureRandom;
import java.time.Clock;

/**
 * What the handlers use beyond the request: the identity service, the permission checker, the backend,
 * the clock, a strong random source and the settings. Shared by every connection; all thread-safe.
 *
 * @param identity NT hashes and principals
 * @param access the per-volume grant and POSIX checks
 * @param dfs the backend
 * @param clock the time source (NEGOTIATE's SystemTime, NTLM's timestamp)
 * @param random challenges, salts and ids
 * @param settings the server configuration
 * @param ntlm the NTLM server (built from the names, random and clock)
 * @param objects the server-wide state of objects with opens (delete pending)
 * @param shares the shares (volumes) and who may see them, for TREE_CONNECT and srvsvc
 * @param sessions the GlobalSessionTable: every connection's sessions by SessionId
 */
public record ServerServices(IdentityService identity, AccessChecker access, Dfs dfs, Clock clock,
    SecureRandom random, SmbSettings settings, NtlmServer ntlm, ObjectTable objects, ShareCatalog shares,
    SessionRegistry sessions) {
  /** Validates. */
  public ServerServices {
    requireNonNull(identity, "identity");
    requireNonNull(access, "access");
    requireNonNull(dfs, "dfs");
    requireNonNull(clock, "clock");
    requireNonNull(random, "random");
    requireNonNull(settings, "settings");
    requireNonNull(ntlm, "ntlm");
    requireNonNull(objects, "objects");
    requireNonNull(shares, "shares");
    requireNonNull(sessions, "sessions");
  }

  /**
   * Builds the services, with the NTLM server over the settings' names.
   *
   * @param identity NT hashes and principals
   * @param access the permission checker
   * @param dfs the backend
   * @param clock the clock
   * @param random a strong random source
   * @param settings the settings
   * @return the services
   */
  public static ServerServices of(IdentityService identity, AccessChecker access, Dfs dfs, Clock clock,
      SecureRandom random, SmbSettings settings) {
    return new ServerServices(identity, access, dfs, clock, random, settings,
        new NtlmServer(settings.names(), random, clock), new ObjectTable(),
        new ShareCatalog(dfs, access), new SessionRegistry());
  }
}
