package dev.estuary.dfs.remote.internal.server;

import com.google.protobuf.ByteString;
import dev.estuary.dfs.DirCursor;
import dev.estuary.dfs.Location;
import dev.estuary.dfs.Volume;
import dev.estuary.dfs.remote.internal.Decode;
import dev.estuary.dfs.remote.internal.Encode;
import dev.estuary.dfs.remote.internal.proto.Attrs;
import dev.estuary.dfs.remote.internal.proto.BytesReply;
import dev.estuary.dfs.remote.internal.proto.CaseLookupReply;
import dev.estuary.dfs.remote.internal.proto.CreateRequest;
import dev.estuary.dfs.remote.internal.proto.CreateUnlinkedRequest;
import dev.estuary.dfs.remote.internal.proto.CursorAfterRequest;
import dev.estuary.dfs.remote.internal.proto.Empty;
import dev.estuary.dfs.remote.internal.proto.FsStatsMsg;
import dev.estuary.dfs.remote.internal.proto.LinkRequest;
import dev.estuary.dfs.remote.internal.proto.LocationReply;
import dev.estuary.dfs.remote.internal.proto.NameRequest;
import dev.estuary.dfs.remote.internal.proto.NamespaceGrpc;
import dev.estuary.dfs.remote.internal.proto.ObjectRequest;
import dev.estuary.dfs.remote.internal.proto.Oid;
import dev.estuary.dfs.remote.internal.proto.ReaddirByPositionReply;
import dev.estuary.dfs.remote.internal.proto.ReaddirByPositionRequest;
import dev.estuary.dfs.remote.internal.proto.ReaddirReply;
import dev.estuary.dfs.remote.internal.proto.ReaddirRequest;
import dev.estuary.dfs.remote.internal.proto.RemoveRequest;
import dev.estuary.dfs.remote.internal.proto.RenameRequest;
import dev.estuary.dfs.remote.internal.proto.ResolveRequest;
import dev.estuary.dfs.remote.internal.proto.SetAttributesRequest;
import dev.estuary.dfs.remote.internal.proto.StringReply;
import dev.estuary.dfs.remote.internal.proto.SymlinkRequest;
import dev.estuary.dfs.remote.internal.proto.VolumeRequest;
import io.grpc.stub.StreamObserver;
import java.util.Optional;

/** Attributes, names, listings and whole-volume calls of a {@link Volume}. */
public final class NamespaceService extends NamespaceGrpc.NamespaceImplBase {
  private static final Empty EMPTY = Empty.getDefaultInstance();
  private final ServerContext ctx;

  /**
   * Creates the handler.
   *
   * @param ctx the shared server state
   */
  public NamespaceService(ServerContext ctx) {
    this.ctx = ctx;
  }

  @Override
  public void getAttributes(ObjectRequest r, StreamObserver<Attrs> out) {
    Calls.unary(out, () -> Encode.attrs(ctx.volume(r.getVolume()).getAttributes(Decode.oid(r.getId()))));
  }

  @Override
  public void setAttributes(SetAttributesRequest r, StreamObserver<Attrs> out) {
    Calls.unary(out, () -> Encode.attrs(ctx.volume(r.getVolume())
        .setAttributes(Decode.oid(r.getId()), Decode.setAttrs(r.getChanges()))));
  }

  @Override
  public void location(ObjectRequest r, StreamObserver<LocationReply> out) {
    Calls.unary(out, () -> {
      Optional<Location> l = ctx.volume(r.getVolume()).location(Decode.oid(r.getId()));
      return l.map(loc -> LocationReply.newBuilder().setPresent(true)
              .setParent(Encode.oid(loc.parent())).setName(loc.name()).build())
          .orElse(LocationReply.getDefaultInstance());
    });
  }

  @Override
  public void lookup(NameRequest r, StreamObserver<Attrs> out) {
    Calls.unary(out, () -> Encode.attrs(
        ctx.volume(r.getVolume()).lookup(Decode.oid(r.getParent()), r.getName())));
  }

  @Override
  public void create(CreateRequest r, StreamObserver<Attrs> out) {
    Calls.unary(out, () -> {
      Volume v = ctx.volume(r.getVolume());
      return Encode.attrs(r.getDirectory()
          ? v.mkdir(Decode.oid(r.getParent()), r.getName(), r.getMode(), Decode.owner(r.getOwner()))
          : v.create(Decode.oid(r.getParent()), r.getName(), r.getMode(), Decode.owner(r.getOwner()),
              r.getExclusive()));
    });
  }

  @Override
  public void symlink(SymlinkRequest r, StreamObserver<Attrs> out) {
    Calls.unary(out, () -> Encode.attrs(ctx.volume(r.getVolume()).symlink(
        Decode.oid(r.getParent()), r.getName(), r.getTarget(), Decode.owner(r.getOwner()))));
  }

  @Override
  public void readlink(ObjectRequest r, StreamObserver<StringReply> out) {
    Calls.unary(out, () -> StringReply.newBuilder()
        .setValue(ctx.volume(r.getVolume()).readlink(Decode.oid(r.getId()))).build());
  }

  @Override
  public void remove(RemoveRequest r, StreamObserver<Oid> out) {
    Calls.unary(out, () -> Encode.oid(ctx.volume(r.getVolume()).remove(
        Decode.oid(r.getParent()), r.getName(), Decode.removeKind(r.getKindValue()))));
  }

  @Override
  public void rename(RenameRequest r, StreamObserver<Empty> out) {
    Calls.unary(out, () -> {
      ctx.volume(r.getVolume()).rename(Decode.oid(r.getSrcParent()), r.getSrcName(),
          Decode.oid(r.getDstParent()), r.getDstName(), Decode.renameMode(r.getModeValue()));
      return EMPTY;
    });
  }

  @Override
  public void createUnlinked(CreateUnlinkedRequest r, StreamObserver<Attrs> out) {
    Calls.unary(out, () -> Encode.attrs(
        ctx.volume(r.getVolume()).createUnlinked(r.getMode(), Decode.owner(r.getOwner()))));
  }

  @Override
  public void link(LinkRequest r, StreamObserver<Attrs> out) {
    Calls.unary(out, () -> Encode.attrs(ctx.volume(r.getVolume()).link(Decode.oid(r.getId()),
        Decode.oid(r.getParent()), r.getName(), Decode.renameMode(r.getModeValue()))));
  }

  @Override
  public void readdir(ReaddirRequest r, StreamObserver<ReaddirReply> out) {
    Calls.unary(out, () -> Encode.dirPage(ctx.volume(r.getVolume()).readdir(Decode.oid(r.getDir()),
        DirCursor.fromBytes(r.getCursor().toByteArray()), r.getMaxEntries(), r.getWithAttributes())));
  }

  @Override
  public void cursorAfter(CursorAfterRequest r, StreamObserver<BytesReply> out) {
    Calls.unary(out, () -> BytesReply.newBuilder().setValue(ByteString.copyFrom(
        ctx.volume(r.getVolume()).cursorAfter(r.getName()).toBytes())).build());
  }

  @Override
  public void readdirByPosition(ReaddirByPositionRequest r, StreamObserver<ReaddirByPositionReply> out) {
    Calls.unary(out, () -> Encode.dirPositionPage(ctx.volume(r.getVolume()).readdirByPosition(
        Decode.oid(r.getDir()), r.getAfterPosition(), r.getMaxEntries(), r.getWithAttributes())));
  }

  @Override
  public void lookupIgnoreCase(NameRequest r, StreamObserver<CaseLookupReply> out) {
    Calls.unary(out, () -> Encode.caseLookup(
        ctx.volume(r.getVolume()).lookupIgnoreCase(Decode.oid(r.getParent()), r.getName())));
  }

  @Override
  public void resolve(ResolveRequest r, StreamObserver<Attrs> out) {
    Calls.unary(out, () -> Encode.attrs(
        ctx.volume(r.getVolume()).resolve(r.getPath(), r.getFollowLast())));
  }

  @Override
  public void statfs(VolumeRequest r, StreamObserver<FsStatsMsg> out) {
    Calls.unary(out, () -> Encode.fsStats(ctx.volume(r.getVolume()).statfs()));
  }

  @Override
  public void sync(VolumeRequest r, StreamObserver<Empty> out) {
    Calls.unary(out, () -> {
      ctx.volume(r.getVolume()).sync();
      return EMPTY;
    });
  }

  @Override
  public void syncNamespace(VolumeRequest r, StreamObserver<Empty> out) {
    Calls.unary(out, () -> {
      ctx.volume(r.getVolume()).syncNamespace();
      return EMPTY;
    });
  }
}
