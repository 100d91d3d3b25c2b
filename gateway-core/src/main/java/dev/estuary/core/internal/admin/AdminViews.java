package dev.estuary.core.internal.admin;

import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** The JSON-friendly records the admin operations exchange (also the admin API's bodies). */
public final class AdminViews {
  private AdminViews() {}

  /**
   * A volume as listed.
   *
   * @param name the volume name
   * @param created ISO-8601 creation time
   * @param nfsExports its NFS export rules, empty when it is not exported
   */
  public record VolumeView(String name, String created, List<ExportRuleView> nfsExports) {
    /** Copies the components. */
    public VolumeView {
      nfsExports = nfsExports == null ? List.of() : List.copyOf(nfsExports);
    }
  }

  /**
   * One NFS export rule of a volume.
   *
   * @param clients the client range in CIDR form
   * @param access {@code rw} or {@code ro}
   * @param squash {@code root_squash}, {@code all_squash} or {@code no_root_squash}
   * @param anonuid the uid squashed callers get
   * @param anongid the gid squashed callers get
   */
  public record ExportRuleView(String clients, String access, String squash, long anonuid,
      long anongid) {
    /**
     * Returns the rule in exports(5) style.
     *
     * @return e.g. {@code 127.0.0.0/8(rw,root_squash,anonuid=65534,anongid=65534)}
     */
    public String describe() {
      return clients + "(" + access + "," + squash + ",anonuid=" + anonuid + ",anongid=" + anongid
          + ")";
    }
  }

  /**
   * A request to add or replace the NFS export rule of one client range.
   *
   * @param clients the client range, e.g. {@code 10.0.0.0/8}
   * @param readWrite whether the clients may write
   * @param squash {@code root_squash}, {@code all_squash} or {@code no_root_squash}
   * @param anonuid the anonymous uid, or null for 65534
   * @param anongid the anonymous gid, or null for 65534
   */
  public record SetExport(String clients, boolean readWrite, String squash, @Nullable Long anonuid,
      @Nullable Long anongid) {}

  /**
   * A group as listed.
   *
   * @param name the group name
   * @param gid the gid
   * @param members the member user names
   * @param sid the group's Windows SID
   */
  public record GroupView(String name, long gid, List<String> members, String sid) {}

  /**
   * A request to add a group.
   *
   * @param name the group name
   * @param gid the gid, or null for the next never-used one
   */
  public record AddGroup(String name, @Nullable Long gid) {}

  /**
   * A request to create a volume.
   *
   * @param name the volume name
   * @param mode mode of the root directory and of directories S3 and the dataset service create,
   *     octal text such as {@code 0775}
   * @param owner a user to own the root directory and get admin on the volume, or null for root
   * @param fileMode mode of files S3 and the dataset service create, octal text; null for {@code
   *     0664}
   * @param gid the volume's group (see {@link dev.estuary.core.VolumeDefaults}); null for the
   *     owner's primary group, or 0 without an owner
   */
  public record CreateVolume(String name, String mode, @Nullable String owner,
      @Nullable String fileMode, @Nullable Integer gid) {}

  /**
   * A user as listed, without secrets.
   *
   * @param name the user name
   * @param uid POSIX uid
   * @param gid POSIX gid
   * @param admin global admin role
   * @param accessKeyId S3 access key id
   * @param volumes permission per volume
   * @param tokens token ids
   * @param groups the names of the user's supplementary groups
   * @param sid the user's Windows SID
   * @param createBuckets whether the user may create buckets through S3
   */
  public record UserView(String name, long uid, long gid, boolean admin, String accessKeyId,
      Map<String, String> volumes, List<String> tokens, List<String> groups, String sid,
      boolean createBuckets) {}

  /**
   * A request to add a user.
   *
   * @param name the user name
   * @param password the password, or null for a random one
   * @param uid the uid, or null for the next free one
   * @param gid the gid, or null for the uid
   * @param admin global admin role
   */
  public record AddUser(String name, @Nullable String password, @Nullable Long uid,
      @Nullable Long gid, boolean admin) {
    @Override
    public String toString() {
      return "AddUser[name=" + name + ", uid=" + uid + ", gid=" + gid + ", admin=" + admin
          + ", password=<redacted>]";
    }
  }

  /**
   * The result of adding a user: its view, its S3 keys, and the password if it was generated.
   *
   * @param user the new user
   * @param keys its S3 keys
   * @param generatedPassword the random password, or null if one was given
   */
  public record AddedUser(UserView user, KeysView keys, @Nullable String generatedPassword) {
    @Override
    public String toString() {
      return "AddedUser[user=" + user + ", keys=" + keys + ", generatedPassword=<redacted>]";
    }
  }

  /**
   * A password change.
   *
   * @param password the new password
   */
  public record Password(String password) {
    @Override
    public String toString() {
      return "Password[<redacted>]";
    }
  }

  /**
   * S3 keys, shown to an administrator.
   *
   * @param accessKeyId the key id
   * @param secretKey the secret
   */
  public record KeysView(String accessKeyId, String secretKey) {
    @Override
    public String toString() {
      return "KeysView[accessKeyId=" + accessKeyId + ", secretKey=<redacted>]";
    }
  }

  /**
   * The appliance master keys of SSE-S3 ({@link dev.estuary.core.MasterKeys}): their ids, never
   * their bytes.
   *
   * @param file the key file
   * @param ids the key ids, oldest first
   * @param current the id that wraps the data keys of new objects, 0 before the first one exists
   */
  public record SseKeysView(String file, List<Integer> ids, int current) {
    /** Copies the ids. */
    public SseKeysView {
      ids = List.copyOf(ids);
    }
  }

  /**
   * A request for a token.
   *
   * @param description what it is for
   */
  public record NewToken(String description) {}

  /**
   * A created token, shown once.
   *
   * @param id the token id
   * @param token the bearer token
   */
  public record TokenView(String id, String token) {
    @Override
    public String toString() {
      return "TokenView[id=" + id + ", token=<redacted>]";
    }
  }

  /**
   * A permission grant.
   *
   * @param volume the volume or {@code *}
   * @param permission read, write, admin, or none to remove
   */
  public record Grant(String volume, String permission) {}

  /**
   * The right to create buckets through an object protocol (S3 CreateBucket).
   *
   * @param allowed whether the user may
   */
  public record CreateBuckets(boolean allowed) {}

  /**
   * The state of a server or data directory.
   *
   * @param version Estuary's version
   * @param dataDirectory the data directory
   * @param backend the backend name
   * @param running whether a server is running on it
   * @param endpoints the running server's endpoints, one line each
   * @param volumes number of volumes
   * @param users number of users
   * @param domainSid the installation's Windows domain SID
   * @param sessions the running server's client sessions (SMB sessions, NFS clients), empty when stopped
   */
  public record StatusView(String version, String dataDirectory, String backend, boolean running,
      List<String> endpoints, int volumes, int users, String domainSid, List<SessionView> sessions) {
    /** Copies the lists. */
    public StatusView {
      endpoints = List.copyOf(endpoints);
      sessions = sessions == null ? List.of() : List.copyOf(sessions);
    }
  }

  /**
   * One client session of a running frontend (see {@link dev.estuary.core.ClientSession}).
   *
   * @param frontend the frontend, e.g. {@code smb}
   * @param user who authenticated
   * @param client the client's {@code host:port}
   * @param protocol the protocol version, e.g. {@code SMB 3.1.1}
   * @param security the message protection, e.g. {@code signed AES-128-GMAC}
   * @param openedAt ISO-8601 time the session was established
   * @param opens its open files
   */
  public record SessionView(String frontend, String user, String client, String protocol, String security,
      String openedAt, List<OpenView> opens) {
    /** Copies the list. */
    public SessionView {
      opens = opens == null ? List.of() : List.copyOf(opens);
    }

    /**
     * Converts a frontend's session.
     *
     * @param frontend the frontend name
     * @param s the session
     * @return the view
     */
    public static SessionView of(String frontend, dev.estuary.core.ClientSession s) {
      return new SessionView(frontend, s.user(), s.client(), s.protocol(), s.security(),
          s.openedAt().toString(), s.opens().stream()
              .map(o -> new OpenView(o.share(), o.path(), o.access(), o.shareMode(), o.locks())).toList());
    }
  }

  /**
   * One open file of a session.
   *
   * @param share the share or volume
   * @param path the path inside it
   * @param access the access granted
   * @param shareMode what other opens may do meanwhile
   * @param locks byte-range locks held
   */
  public record OpenView(String share, String path, String access, String shareMode, int locks) {}
}
