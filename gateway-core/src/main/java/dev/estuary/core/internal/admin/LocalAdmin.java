package dev.estuary.core.internal.admin;

import static java.util.Objects.requireNonNull;

import dev.estuary.core.Authorizer;
import dev.estuary.core.ClientRange;
import dev.estuary.core.Group;
import dev.estuary.core.NfsExportRule;
import dev.estuary.core.NfsSquash;
import dev.estuary.core.Permission;
import dev.estuary.core.User;
import dev.estuary.core.VolumeDefaults;
import dev.estuary.core.IssuedToken;
import dev.estuary.core.UserStore;
import dev.estuary.core.internal.Version;
import dev.estuary.core.internal.admin.AdminViews.AddGroup;
import dev.estuary.core.internal.admin.AdminViews.AddUser;
import dev.estuary.core.internal.admin.AdminViews.AddedUser;
import dev.estuary.core.internal.admin.AdminViews.CreateVolume;
import dev.estuary.core.internal.admin.AdminViews.ExportRuleView;
import dev.estuary.core.internal.admin.AdminViews.Grant;
import dev.estuary.core.internal.admin.AdminViews.GroupView;
import dev.estuary.core.internal.admin.AdminViews.KeysView;
import dev.estuary.core.internal.admin.AdminViews.SetExport;
import dev.estuary.core.internal.admin.AdminViews.StatusView;
import dev.estuary.core.internal.admin.AdminViews.TokenView;
import dev.estuary.core.internal.admin.AdminViews.UserView;
import dev.estuary.core.internal.admin.AdminViews.VolumeView;
import dev.estuary.core.internal.identity.Randoms;
import dev.estuary.dfs.Dfs;
import dev.estuary.dfs.DfsException;
import dev.estuary.dfs.ErrorKind;
import dev.estuary.dfs.Limits;
import dev.estuary.dfs.Ownership;
import dev.estuary.dfs.VolumeInfo;
import java.security.SecureRandom;
import java.util.List;
import java.util.Locale;
import java.util.OptionalInt;
import java.util.TreeMap;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * Admin operations applied directly to a backend and user store: by the CLI on a stopped data
 * directory (it then owns both and closes them) and by the admin API inside a running server.
 */
public final class LocalAdmin implements AdminOperations {
  private final String dataDirectory;
  private final String backendName;
  private final Supplier<Dfs> dfsOpener;
  private final boolean ownsDfs;
  private final UserStore users;
  private final SecureRandom random;
  private final Supplier<List<String>> endpoints;
  private final Supplier<List<AdminViews.SessionView>> sessions;
  private @Nullable Dfs dfs;

  /**
   * Creates the operations.
   *
   * @param dataDirectory the data directory, for status
   * @param backendName the backend name, for status
   * @param dfsOpener opens the backend the first time a volume operation needs it
   * @param ownsDfs whether {@link #close()} closes the backend
   * @param users the user store
   * @param random the source of generated passwords
   * @param endpoints the running server's endpoint lines (empty when not serving)
   * @param sessions the running server's client sessions (empty when not serving)
   */
  public LocalAdmin(String dataDirectory, String backendName, Supplier<Dfs> dfsOpener,
      boolean ownsDfs, UserStore users, SecureRandom random, Supplier<List<String>> endpoints,
      Supplier<List<AdminViews.SessionView>> sessions) {
    this.dataDirectory = requireNonNull(dataDirectory, "dataDirectory");
    this.backendName = requireNonNull(backendName, "backendName");
    this.dfsOpener = requireNonNull(dfsOpener, "dfsOpener");
    this.ownsDfs = ownsDfs;
    this.users = requireNonNull(users, "users");
    this.random = requireNonNull(random, "random");
    this.endpoints = requireNonNull(endpoints, "endpoints");
    this.sessions = requireNonNull(sessions, "sessions");
  }

  private synchronized Dfs dfs() {
    if (dfs == null) {
      dfs = dfsOpener.get();
    }
    return dfs;
  }

  @Override
  public List<VolumeView> listVolumes() {
    return dfs().listVolumes().stream().map(this::view).toList();
  }

  @Override
  public VolumeView showVolume(String name) {
    return view(requireVolume(name));
  }

  @Override
  public VolumeView exportVolume(String name, SetExport rule) {
    VolumeInfo v = requireVolume(name);
    int anonUid = anonId("anonuid", rule.anonuid());
    int anonGid = anonId("anongid", rule.anongid());
    users.putNfsExport(v.name(), new NfsExportRule(ClientRange.parse(rule.clients()),
        rule.readWrite(), NfsSquash.parse(rule.squash()), anonUid, anonGid));
    return view(v);
  }

  @Override
  public VolumeView unexportVolume(String name, @Nullable String clients) {
    VolumeInfo v = requireVolume(name);
    users.removeNfsExport(v.name(), clients == null ? null : ClientRange.parse(clients));
    return view(v);
  }

  @Override
  public List<GroupView> listGroups() {
    return users.groups().stream().map(this::view).toList();
  }

  @Override
  public GroupView addGroup(AddGroup request) {
    return view(users.addGroup(request.name(), optionalId("gid", request.gid())));
  }

  @Override
  public void deleteGroup(String name) {
    users.deleteGroup(name);
  }

  @Override
  public void setMember(String group, String user, boolean member) {
    users.setMember(group, user, member);
  }

  private VolumeInfo requireVolume(String name) {
    Limits.checkVolumeName(name);
    List<VolumeInfo> all = dfs().listVolumes();
    return all.stream().filter(v -> v.name().equals(name)).findFirst().orElseThrow(
        () -> new DfsException(ErrorKind.NOT_FOUND, "volume: '" + name
            + "' (expected: an existing volume, one of " + all.stream().map(VolumeInfo::name)
                .toList() + ")"));
  }

  private static int anonId(String what, @Nullable Long id) {
    return optionalId(what, id).orElse(NfsExportRule.DEFAULT_ANON_ID);
  }

  @Override
  public VolumeView createVolume(CreateVolume request) {
    Limits.checkVolumeName(request.name());
    int dirMode = parseMode(request.mode());
    int fileMode = request.fileMode() == null ? VolumeDefaults.FILE_MODE
        : VolumeDefaults.parseMode("file mode", request.fileMode());
    User ownerUser = request.owner() == null ? null : requireUser(request.owner());
    Integer gid = request.gid();
    VolumeDefaults defaults = new VolumeDefaults(fileMode, dirMode,
        gid != null ? gid : ownerUser != null ? ownerUser.gid() : 0);
    VolumeInfo info = defaults.createVolume(dfs(), request.name(),
        ownerUser != null ? ownerUser.uid() : 0);
    if (ownerUser != null) {
      users.grant(ownerUser.name(), request.name(), Permission.ADMIN);
    }
    return view(info);
  }

  @Override
  public void deleteVolume(String name, boolean force) {
    dfs().deleteVolume(name, force);
    // A volume created later under the same name must not inherit the old exports.
    if (!users.nfsExportRules(name).isEmpty()) {
      users.removeNfsExport(name, null);
    }
  }

  @Override
  public List<UserView> listUsers() {
    return users.list().stream().map(this::view).toList();
  }

  @Override
  public AddedUser addUser(AddUser request) {
    String password = request.password();
    String generated = null;
    if (password == null) {
      generated = Randoms.password(random);
      password = generated;
    }
    User u = users.add(request.name(), password, optionalId("uid", request.uid()),
        optionalId("gid", request.gid()), request.admin(), null);
    return new AddedUser(view(u), keysOf(u), generated);
  }

  @Override
  public void deleteUser(String name) {
    users.delete(name);
  }

  @Override
  public void setPassword(String name, String password) {
    users.setPassword(name, password);
  }

  @Override
  public KeysView keys(String name) {
    return keysOf(requireUser(name));
  }

  @Override
  public KeysView rotateKeys(String name) {
    var k = users.rotateS3Keys(name);
    return new KeysView(k.accessKeyId(), k.secretKey().reveal());
  }

  @Override
  public AdminViews.SseKeysView sseKeys() {
    return sseView(masterKeys());
  }

  @Override
  public AdminViews.SseKeysView rotateSseKey() {
    dev.estuary.core.MasterKeys k = masterKeys();
    k.rotate();
    return sseView(k);
  }

  private dev.estuary.core.MasterKeys masterKeys() {
    try {
      return dev.estuary.core.MasterKeys.open(java.nio.file.Path.of(dataDirectory), random);
    } catch (IllegalStateException e) {
      throw new dev.estuary.core.internal.GatewayException(String.valueOf(e.getMessage()));
    }
  }

  private static AdminViews.SseKeysView sseView(dev.estuary.core.MasterKeys k) {
    List<Integer> ids = k.ids();
    return new AdminViews.SseKeysView(k.file().toString(), ids, ids.isEmpty() ? 0 : ids.getLast());
  }

  @Override
  public TokenView createToken(String name, String description) {
    IssuedToken t = users.createToken(name, description);
    return new TokenView(t.id(), t.token().reveal());
  }

  @Override
  public void revokeToken(String name, String tokenId) {
    users.revokeToken(name, tokenId);
  }

  @Override
  public void grant(String name, Grant grant) {
    String volume = grant.volume();
    if (!volume.equals(Authorizer.ALL_VOLUMES)) {
      Limits.checkVolumeName(volume);
    }
    Permission p = grant.permission().equalsIgnoreCase("none") ? null : Permission.parse(grant.permission());
    users.grant(name, volume, p);
  }

  @Override
  public void createBuckets(String name, AdminViews.CreateBuckets right) {
    users.setCreateBuckets(name, right.allowed());
  }

  @Override
  public StatusView status() {
    List<String> eps = endpoints.get();
    return new StatusView(Version.get(), dataDirectory, backendName, !eps.isEmpty(), eps,
        dfs().listVolumes().size(), users.list().size(), users.sids().domain().toString(),
        sessions.get());
  }

  @Override
  public synchronized void close() {
    if (ownsDfs && dfs != null) {
      dfs.close();
      dfs = null;
    }
  }

  private User requireUser(String name) {
    return users.find(name).orElseThrow(
        () -> new IllegalArgumentException("user: '" + name + "' (expected: an existing user)"));
  }

  private static KeysView keysOf(User u) {
    return new KeysView(u.s3().accessKeyId(), u.s3().secretKey().reveal());
  }

  private VolumeView view(VolumeInfo v) {
    return new VolumeView(v.name(), v.created().toString(), users.nfsExportRules(v.name()).stream()
        .map(r -> new ExportRuleView(r.clients().cidr(), r.readWrite() ? "rw" : "ro",
            r.squash().text(), Integer.toUnsignedLong(r.anonUid()),
            Integer.toUnsignedLong(r.anonGid())))
        .toList());
  }

  private GroupView view(Group g) {
    return new GroupView(g.name(), Integer.toUnsignedLong(g.gid()), g.members(),
        users.sids().groupSid(g.gid()).toString());
  }

  private UserView view(User u) {
    var vols = new TreeMap<String, String>();
    u.volumes().forEach((k, v) -> vols.put(k, v.name().toLowerCase(Locale.ROOT)));
    List<String> groups = u.groups().stream()
        .map(g -> users.groupByGid(g).map(Group::name).orElse(Integer.toUnsignedString(g)))
        .sorted().toList();
    return new UserView(u.name(), Integer.toUnsignedLong(u.uid()), Integer.toUnsignedLong(u.gid()),
        u.admin(), u.s3().accessKeyId(), vols, u.tokens().stream().map(t -> t.id()).toList(),
        groups, users.sids().userSid(u.uid()).toString(), u.createBuckets());
  }

  private static OptionalInt optionalId(String what, @Nullable Long id) {
    if (id == null) {
      return OptionalInt.empty();
    }
    if (id < 0 || id > 0xFFFF_FFFFL) {
      throw new IllegalArgumentException(what + ": " + id + " (expected: 0-4294967295)");
    }
    return OptionalInt.of((int) (long) id);
  }

  /**
   * Parses an octal mode.
   *
   * @param text e.g. {@code 0755} or {@code 755}
   * @return the mode bits
   * @throws IllegalArgumentException naming the text and the expectation
   */
  public static int parseMode(String text) {
    try {
      int mode = Integer.parseInt(text, 8);
      if (mode >= 0 && mode <= 07777) {
        return mode;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IllegalArgumentException("mode: '" + text + "' (expected: octal within 07777, e.g. 0755)");
  }
}
