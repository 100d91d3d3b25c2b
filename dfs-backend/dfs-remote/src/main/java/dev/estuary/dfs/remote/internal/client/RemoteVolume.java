package dev.estuary.dfs.remote.internal.client;

import com.google.protobuf.ByteString;
import dev.estuary.dfs.Attributes;
import dev.estuary.dfs.CaseLookup;
import dev.estuary.dfs.DirCursor;
import dev.estuary.dfs.DirPage;
import dev.estuary.dfs.DirPositionPage;
import dev.estuary.dfs.FileHandle;
import dev.estuary.dfs.FsStats;
import dev.estuary.dfs.Limits;
import dev.estuary.dfs.Location;
import dev.estuary.dfs.LockSession;
import dev.estuary.dfs.ObjectId;
import dev.estuary.dfs.OpenMode;
import dev.estuary.dfs.Ownership;
import dev.estuary.dfs.RemoveKind;
import dev.estuary.dfs.RenameMode;
import dev.estuary.dfs.Retention;
import dev.estuary.dfs.RetentionMode;
import dev.estuary.dfs.SetAttributes;
import dev.estuary.dfs.SmallRead;
import dev.estuary.dfs.Volume;
import dev.estuary.dfs.WatchListener;
import dev.estuary.dfs.WatchScope;
import dev.estuary.dfs.WatchSubscription;
import dev.estuary.dfs.XattrMode;
import dev.estuary.dfs.remote.internal.Decode;
import dev.estuary.dfs.remote.internal.DescriptorProtocol;
import dev.estuary.dfs.remote.internal.Encode;
import dev.estuary.dfs.remote.internal.proto.Attrs;
import dev.estuary.dfs.remote.internal.proto.CreateRequest;
import dev.estuary.dfs.remote.internal.proto.CreateUnlinkedRequest;
import dev.estuary.dfs.remote.internal.proto.CursorAfterRequest;
import dev.estuary.dfs.remote.internal.proto.LegalHoldRequest;
import dev.estuary.dfs.remote.internal.proto.LinkRequest;
import dev.estuary.dfs.remote.internal.proto.LocationReply;
import dev.estuary.dfs.remote.internal.proto.NameRequest;
import dev.estuary.dfs.remote.internal.proto.ObjectRequest;
import dev.estuary.dfs.remote.internal.proto.OpenRequest;
import dev.estuary.dfs.remote.internal.proto.OpenSessionRequest;
import dev.estuary.dfs.remote.internal.proto.ReadSmallReply;
import dev.estuary.dfs.remote.internal.proto.ReadSmallRequest;
import dev.estuary.dfs.remote.internal.proto.ReaddirByPositionRequest;
import dev.estuary.dfs.remote.internal.proto.ReaddirRequest;
import dev.estuary.dfs.remote.internal.proto.RemoveRequest;
import dev.estuary.dfs.remote.internal.proto.RenameRequest;
import dev.estuary.dfs.remote.internal.proto.ResolveRequest;
import dev.estuary.dfs.remote.internal.proto.SessionReply;
import dev.estuary.dfs.remote.internal.proto.SetAttributesRequest;
import dev.estuary.dfs.remote.internal.proto.SetRetentionRequest;
import dev.estuary.dfs.remote.internal.proto.SymlinkRequest;
import dev.estuary.dfs.remote.internal.proto.VolumeRef;
import dev.estuary.dfs.remote.internal.proto.VolumeRequest;
import dev.estuary.dfs.remote.internal.proto.XattrRequest;
import dev.estuary.dfs.remote.internal.proto.XattrValue;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executor;
import org.jspecify.annotations.Nullable;

/** A {@link Volume} of a remote backend: each call is one unary RPC (reads and writes stream). */
public final class RemoteVolume implements Volume {
  private final ClientCore core;
  private final String name;
  private final ObjectId root;
  private final VolumeRef ref;
  private final VolumeRequest volumeRequest;

  /**
   * Creates the volume.
   *
   * @param core the connection
   * @param name the volume name
   * @param root its root, which the server checks on every call
   */
  public RemoteVolume(ClientCore core, String name, ObjectId root) {
    this.core = core;
    this.name = name;
    this.root = root;
    this.ref = VolumeRef.newBuilder().setName(name).setRoot(Encode.oid(root)).build();
    this.volumeRequest = VolumeRequest.newBuilder().setVolume(ref).build();
  }

  VolumeRef ref() {
    return ref;
  }

  private ObjectRequest object(ObjectId id) {
    return ObjectRequest.newBuilder().setVolume(ref).setId(Encode.oid(id)).build();
  }

  private NameRequest name(ObjectId parent, String entry) {
    return NameRequest.newBuilder().setVolume(ref).setParent(Encode.oid(parent)).setName(Encode.text(entry)).build();
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public ObjectId root() {
    return root;
  }

  @Override
  public Attributes getAttributes(ObjectId id) {
    ObjectRequest r = object(id);
    return Decode.attrs(core.quick(DescriptorProtocol.GET_ATTRIBUTES, r, Attrs.parser(),
        () -> core.call(core.namespace, s -> s.getAttributes(r))));
  }

  @Override
  public Attributes setAttributes(ObjectId id, SetAttributes changes) {
    return Decode.attrs(core.call(core.namespace, s -> s.setAttributes(SetAttributesRequest.newBuilder()
        .setVolume(ref).setId(Encode.oid(id)).setChanges(Encode.setAttrs(changes)).build())));
  }

  @Override
  public Optional<Location> location(ObjectId id) {
    LocationReply r = core.call(core.namespace, s -> s.location(object(id)));
    return r.getPresent() ? Optional.of(new Location(Decode.oid(r.getParent()), r.getName())) : Optional.empty();
  }

  @Override
  public Attributes lookup(ObjectId parent, String entry) {
    NameRequest r = name(parent, entry);
    return Decode.attrs(core.quick(DescriptorProtocol.LOOKUP, r, Attrs.parser(),
        () -> core.call(core.namespace, s -> s.lookup(r))));
  }

  private Attributes create(ObjectId parent, String entry, int mode, Ownership owner,
      boolean exclusive, boolean directory) {
    return Decode.attrs(core.call(core.namespace, s -> s.create(CreateRequest.newBuilder()
        .setVolume(ref).setParent(Encode.oid(parent)).setName(Encode.text(entry)).setMode(mode)
        .setOwner(Encode.owner(owner)).setExclusive(exclusive).setDirectory(directory).build())));
  }

  @Override
  public Attributes create(ObjectId parent, String entry, int mode, Ownership owner, boolean exclusive) {
    return create(parent, entry, mode, owner, exclusive, false);
  }

  @Override
  public Attributes mkdir(ObjectId parent, String entry, int mode, Ownership owner) {
    return create(parent, entry, mode, owner, true, true);
  }

  @Override
  public Attributes symlink(ObjectId parent, String entry, String target, Ownership owner) {
    return Decode.attrs(core.call(core.namespace, s -> s.symlink(SymlinkRequest.newBuilder()
        .setVolume(ref).setParent(Encode.oid(parent)).setName(Encode.text(entry)).setTarget(Encode.text(target))
        .setOwner(Encode.owner(owner)).build())));
  }

  @Override
  public String readlink(ObjectId id) {
    return core.call(core.namespace, s -> s.readlink(object(id))).getValue();
  }

  @Override
  public ObjectId remove(ObjectId parent, String entry, RemoveKind kind) {
    return Decode.oid(core.call(core.namespace, s -> s.remove(RemoveRequest.newBuilder()
        .setVolume(ref).setParent(Encode.oid(parent)).setName(Encode.text(entry)).setKindValue(kind.ordinal())
        .build())));
  }

  @Override
  public void rename(ObjectId srcParent, String srcName, ObjectId dstParent, String dstName,
      RenameMode mode) {
    core.call(core.namespace, s -> s.rename(RenameRequest.newBuilder().setVolume(ref)
        .setSrcParent(Encode.oid(srcParent)).setSrcName(Encode.text(srcName))
        .setDstParent(Encode.oid(dstParent)).setDstName(Encode.text(dstName)).setModeValue(mode.ordinal())
        .build()));
  }

  @Override
  public Attributes createUnlinked(int mode, Ownership owner) {
    return Decode.attrs(core.call(core.namespace, s -> s.createUnlinked(CreateUnlinkedRequest
        .newBuilder().setVolume(ref).setMode(mode).setOwner(Encode.owner(owner)).build())));
  }

  @Override
  public Attributes link(ObjectId id, ObjectId parent, String entry, RenameMode mode) {
    return Decode.attrs(core.call(core.namespace, s -> s.link(LinkRequest.newBuilder()
        .setVolume(ref).setId(Encode.oid(id)).setParent(Encode.oid(parent)).setName(Encode.text(entry))
        .setModeValue(mode.ordinal()).build())));
  }

  @Override
  public DirPage readdir(ObjectId dir, DirCursor from, int maxEntries, boolean withAttributes) {
    return Decode.dirPage(core.call(core.namespace, s -> s.readdir(ReaddirRequest.newBuilder()
        .setVolume(ref).setDir(Encode.oid(dir)).setCursor(ByteString.copyFrom(from.toBytes()))
        .setMaxEntries(maxEntries).setWithAttributes(withAttributes).build())));
  }

  @Override
  public DirCursor cursorAfter(String entry) {
    return DirCursor.fromBytes(core.call(core.namespace, s -> s.cursorAfter(CursorAfterRequest
        .newBuilder().setVolume(ref).setName(Encode.text(entry)).build())).getValue().toByteArray());
  }

  @Override
  public DirPositionPage readdirByPosition(ObjectId dir, long afterPosition, int maxEntries,
      boolean withAttributes) {
    return Decode.dirPositionPage(core.call(core.namespace, s -> s.readdirByPosition(
        ReaddirByPositionRequest.newBuilder().setVolume(ref).setDir(Encode.oid(dir))
            .setAfterPosition(afterPosition).setMaxEntries(maxEntries)
            .setWithAttributes(withAttributes).build())));
  }

  @Override
  public CaseLookup lookupIgnoreCase(ObjectId parent, String entry) {
    return Decode.caseLookup(core.call(core.namespace, s -> s.lookupIgnoreCase(name(parent, entry))));
  }

  @Override
  public FileHandle open(ObjectId id, OpenMode mode) {
    long handle = core.call(core.files, s -> s.open(OpenRequest.newBuilder().setClient(core.client())
        .setVolume(ref).setId(Encode.oid(id)).setModeValue(mode.ordinal()).build())).getHandle();
    return new RemoteFileHandle(core, handle, id, mode);
  }

  @Override
  public SmallRead readSmall(ObjectId id, int maxBytes, Set<String> xattrs) {
    // Checked here too: a bad argument never crosses the wire, and the reply stays bounded.
    Limits.checkSmallRead(maxBytes, xattrs);
    ReadSmallRequest.Builder b = ReadSmallRequest.newBuilder().setVolume(ref).setId(Encode.oid(id))
        .setMaxBytes(maxBytes);
    for (String x : xattrs) {
      b.addXattrs(Encode.text(x));
    }
    ReadSmallRequest request = b.build();
    ReadSmallReply r = core.quick(DescriptorProtocol.READ_SMALL, request, ReadSmallReply.parser(),
        () -> core.call(core.smallReads, s -> s.readSmall(request)));
    Map<String, byte[]> values = new HashMap<>();
    for (XattrValue v : r.getXattrsList()) {
      values.put(v.getName(), v.getValue().toByteArray());
    }
    return new SmallRead(Decode.attrs(r.getAttributes()), r.getXattrNamesList(), values,
        r.hasData() ? r.getData().toByteArray() : null);
  }

  @Override
  public byte[] getXattr(ObjectId id, String attr) {
    return core.call(core.xattrs, s -> s.get(xattr(id, attr).build())).getValue().toByteArray();
  }

  private XattrRequest.Builder xattr(ObjectId id, String attr) {
    return XattrRequest.newBuilder().setVolume(ref).setId(Encode.oid(id)).setName(Encode.text(attr));
  }

  @Override
  public void setXattr(ObjectId id, String attr, byte[] value, XattrMode mode) {
    core.call(core.xattrs, s -> s.set(xattr(id, attr).setValue(ByteString.copyFrom(value))
        .setModeValue(mode.ordinal()).build()));
  }

  @Override
  public void removeXattr(ObjectId id, String attr) {
    core.call(core.xattrs, s -> s.remove(xattr(id, attr).build()));
  }

  @Override
  public List<String> listXattrs(ObjectId id) {
    return List.copyOf(core.call(core.xattrs, s -> s.list(object(id))).getNamesList());
  }

  @Override
  public WatchSubscription watch(ObjectId target, WatchScope scope, int queueCapacity,
      Executor executor, WatchListener listener) {
    return ClientWatch.open(core, ref, target, scope, queueCapacity, executor, listener);
  }

  @Override
  public LockSession openSession(String description) {
    SessionReply r = core.call(core.locks, s -> s.openSession(OpenSessionRequest.newBuilder()
        .setClient(core.client()).setVolume(ref).setDescription(Encode.text(description)).build()));
    return new RemoteLockSession(core, r.getSession(), r.getId(), description);
  }

  @Override
  public Retention getRetention(ObjectId id) {
    return Decode.retention(core.call(core.retentions, s -> s.get(object(id))));
  }

  @Override
  public Retention setRetention(ObjectId id, @Nullable RetentionMode mode,
      @Nullable Instant retainUntil, boolean bypassGovernance) {
    SetRetentionRequest.Builder b = SetRetentionRequest.newBuilder().setVolume(ref)
        .setId(Encode.oid(id)).setBypassGovernance(bypassGovernance);
    if (mode != null) {
      b.setModeValue(mode.ordinal());
    }
    if (retainUntil != null) {
      b.setRetainUntil(Encode.time(retainUntil));
    }
    return Decode.retention(core.call(core.retentions, s -> s.setRetention(b.build())));
  }

  @Override
  public Retention setLegalHold(ObjectId id, boolean on) {
    return Decode.retention(core.call(core.retentions, s -> s.setLegalHold(LegalHoldRequest
        .newBuilder().setVolume(ref).setId(Encode.oid(id)).setOn(on).build())));
  }

  @Override
  public FsStats statfs() {
    return Decode.fsStats(core.call(core.namespace, s -> s.statfs(volumeRequest)));
  }

  @Override
  public void sync() {
    core.call(core.namespace, s -> s.sync(volumeRequest));
  }

  @Override
  public void syncNamespace() {
    core.call(core.namespace, s -> s.syncNamespace(volumeRequest));
  }

  @Override
  public Attributes resolve(String path, boolean followLast) {
    return Decode.attrs(core.call(core.namespace, s -> s.resolve(ResolveRequest.newBuilder()
        .setVolume(ref).setPath(Encode.text(path)).setFollowLast(followLast).build())));
  }

  @Override
  public String toString() {
    return "RemoteVolume[" + name + " at " + core.endpoint() + "]";
  }
}
