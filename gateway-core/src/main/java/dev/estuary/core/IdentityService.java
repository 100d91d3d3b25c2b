package dev.estuary.core;

import java.net.InetAddress;
import java.util.List;
import java.util.Optional;

/**
 * The identities every frontend authenticates and authorises with (DESIGN §5): one method per
 * credential kind, lookups of users and groups by name, by POSIX id and by Windows SID, and the NFS
 * export rules of each volume. Frontends hold this interface, never a concrete store: {@link
 * UserStore} is the file-backed implementation, node mode adds a remote one. Everything crossing it
 * is a plain immutable value (records, no callbacks), so an implementation can answer over RPC.
 *
 * <p>Per-volume grants travel with the {@link Principal} ({@link Principal#volumes()}); {@link
 * Authorizer} evaluates them. Implementations are thread-safe and answer from a consistent
 * snapshot; a lookup that finds nothing is an empty result, never an exception.
 */
public interface IdentityService {

  /**
   * Authenticates a user name and password (Argon2id; the time taken does not reveal whether the
   * user exists).
   *
   * @param name the user name
   * @param password the password
   * @return the principal if the password is right
   */
  Optional<Principal> authenticatePassword(String name, String password);

  /**
   * Authenticates an API bearer token (the dataset service).
   *
   * @param token the token as presented
   * @return the owner's principal if the token is valid and not revoked
   */
  Optional<Principal> authenticateToken(String token);

  /**
   * Looks up an S3 access key id for SigV4 verification, which recomputes the signature from the
   * secret.
   *
   * @param accessKeyId the key id from the request
   * @return the owner and the secret key, if the id exists
   */
  Optional<S3Identity> s3Identity(String accessKeyId);

  /**
   * Looks up the NT hash of a user for NTLMv2 verification (MS-NLMP §3.3.2). The name is matched
   * exactly first, then ignoring case if exactly one user matches that way (Windows clients send
   * the name in whatever case the person typed).
   *
   * @param name the user name from the NTLM AUTHENTICATE message
   * @return the principal and its NT hash, if the user exists
   */
  Optional<NtIdentity> ntIdentity(String name);

  /**
   * Finds a user by name.
   *
   * @param name the user name
   * @return the principal, if present
   */
  Optional<Principal> principal(String name);

  /**
   * Finds the user with a uid (NFS AUTH_SYS, owners in listings).
   *
   * @param uid the uid
   * @return the principal, if a user has that uid
   */
  Optional<Principal> principalByUid(int uid);

  /**
   * Finds a group by name.
   *
   * @param name the group name
   * @return the group, if present
   */
  Optional<Group> group(String name);

  /**
   * Finds a group by gid.
   *
   * @param gid the gid
   * @return the group, if present
   */
  Optional<Group> groupByGid(int gid);

  /**
   * Returns the mapping between POSIX ids and Windows SIDs of this installation: its domain SID,
   * generated once at first start and kept with the users.
   *
   * @return the mapping
   */
  SidMapping sids();

  /**
   * Finds the user a SID names.
   *
   * @param sid a SID of this installation's domain
   * @return the principal, if the SID maps to the uid of a user
   */
  default Optional<Principal> principalBySid(Sid sid) {
    return sids().resolve(sid).filter(u -> u.kind() == SidMapping.Kind.USER)
        .flatMap(u -> principalByUid(u.id()));
  }

  /**
   * Finds the group a SID names.
   *
   * @param sid a SID of this installation's domain
   * @return the group, if the SID maps to the gid of a group
   */
  default Optional<Group> groupBySid(Sid sid) {
    return sids().resolve(sid).filter(u -> u.kind() == SidMapping.Kind.GROUP)
        .flatMap(u -> groupByGid(u.id()));
  }

  /**
   * Returns a number that changes whenever any identity, grant, group or export rule changes, so
   * a client that caches answers (node mode's remote implementation) can poll one cheap call and
   * drop its cache when it moves. Only comparisons between calls to one service mean anything.
   *
   * @return the current generation
   */
  long generation();

  /**
   * Returns the NFS export rules of a volume.
   *
   * @param volume the volume name
   * @return the rules, empty when the volume is not exported (the default)
   */
  List<NfsExportRule> nfsExportRules(String volume);

  /**
   * Decides whether an NFS call may use a volume and with which effective ids ({@link
   * NfsExports#resolve}).
   *
   * @param volume the volume name
   * @param client the client's address
   * @param credential the call's AUTH_SYS or AUTH_NONE credential
   * @return the effective identity, or the refusal
   */
  default NfsAccess nfsAccess(String volume, InetAddress client, NfsCredential credential) {
    return NfsExports.resolve(volume, nfsExportRules(volume), client, credential);
  }
}
