package dev.estuary.smb.internal.ops;

import static java.util.Objects.requireNonNull;

import dev.estuary.core.AccessChecker;
import dev.estuary.core.IdentityService;
import dev.estuary.dfs.Dfs;
import dev.estuary.smb.internal.auth.NtlmServer;
import dev.estuary.smb.internal.ipc.ShareCatalog;
import dev.estuary.smb.internal.state.ObjectTable;
import dev.estuary.smb.internal.state.SessionRegistry;
import dev.estuary.smb.internal.state.Oplocks;
import dev.estuary.smb.internal.state.TimerScheduler;
import java.time.Duration;
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
 * @param oplocks the oplocks, leases and durable opens of every connection
 */
public record ServerServices(IdentityService identity, AccessChecker access, Dfs dfs, Clock clock,
    SecureRandom random, SmbSettings settings, NtlmServer ntlm, ObjectTable objects, ShareCatalog shares,
    SessionRegistry sessions, Oplocks oplocks) {
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
    requireNonNull(oplocks, "oplocks");
  }

  /** How long a break waits for its acknowledgment by default: 35 s, as Windows servers do. */
  public static final Duration DEFAULT_BREAK_TIMEOUT = Duration.ofSeconds(35);

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
        new ShareCatalog(dfs, access), new SessionRegistry(), new Oplocks(new TimerScheduler(), DEFAULT_BREAK_TIMEOUT));
  }

  /**
   * Builds the services with a given oplock table (its scheduler and break timeout).
   *
   * @param identity NT hashes and principals
   * @param access the permission checker
   * @param dfs the backend
   * @param clock the clock
   * @param random a strong random source
   * @param settings the settings
   * @param oplocks the oplock table
   * @return the services
   */
  public static ServerServices of(IdentityService identity, AccessChecker access, Dfs dfs, Clock clock,
      SecureRandom random, SmbSettings settings, Oplocks oplocks) {
    return new ServerServices(identity, access, dfs, clock, random, settings,
        new NtlmServer(settings.names(), random, clock), new ObjectTable(),
        new ShareCatalog(dfs, access), new SessionRegistry(), oplocks);
  }
}
