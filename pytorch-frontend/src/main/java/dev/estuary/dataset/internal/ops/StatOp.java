package dev.estuary.dataset.internal.ops;

import com.google.protobuf.ByteString;
import dev.estuary.core.CheckedVolume;
import dev.estuary.core.Permission;
import dev.estuary.core.Principal;
import dev.estuary.dataset.internal.codec.RelPath;
import dev.estuary.dataset.proto.FileType;
import dev.estuary.dataset.proto.StatRequest;
import dev.estuary.dataset.proto.StatResponse;
import dev.estuary.dfs.Attributes;
import java.time.Instant;

/** {@code Stat}: type, size, time and object id of a path (dataset.proto). */
public final class StatOp {
  private final OpContext ctx;

  /**
   * Creates the handler.
   *
   * @param ctx the shared context
   */
  public StatOp(OpContext ctx) {
    this.ctx = ctx;
  }

  /**
   * Answers a Stat.
   *
   * @param principal the caller
   * @param req the request
   * @return the response
   */
  public StatResponse stat(Principal principal, StatRequest req) {
    RelPath path = RelPath.parse("path", req.getPath());
    CheckedVolume v = Access.volume(ctx, principal, req.getVolume(), Permission.READ);
    Attributes a = Resolver.resolve(v, "path", path.text(), !req.getNoFollow());
    Access.requireReadable(a, v, "path", path.text());
    FileType type = switch (a.type()) {
      case FILE -> FileType.FILE_TYPE_FILE;
      case DIRECTORY -> FileType.FILE_TYPE_DIRECTORY;
      case SYMLINK -> FileType.FILE_TYPE_SYMLINK;
    };
    return StatResponse.newBuilder()
        .setType(type)
        .setSize(a.size())
        .setMtimeNanos(nanos(a.modifyTime()))
        .setObjectId(ByteString.copyFrom(a.id().toBytes()))
        .setMode(a.mode())
        .build();
  }

  private static long nanos(Instant t) {
    return t.getEpochSecond() * 1_000_000_000L + t.getNano();
  }
}
