package dev.estuary.dfs.remote.internal.server;

import com.google.protobuf.UnsafeByteOperations;
import dev.estuary.dfs.Limits;
import dev.estuary.dfs.SmallRead;
import dev.estuary.dfs.remote.internal.Decode;
import dev.estuary.dfs.remote.internal.Encode;
import dev.estuary.dfs.remote.internal.proto.ReadSmallReply;
import dev.estuary.dfs.remote.internal.proto.ReadSmallRequest;
import dev.estuary.dfs.remote.internal.proto.SmallReadsGrpc;
import dev.estuary.dfs.remote.internal.proto.XattrValue;
import io.grpc.stub.StreamObserver;
import java.util.LinkedHashSet;
import java.util.Map;

/**
 * {@link dev.estuary.dfs.Volume#readSmall} in one round trip: the backend's own {@code readSmall}
 * (which for the engine is its open, attributes, xattr and read calls in-process), answered in one
 * reply. The arguments are checked before the backend is called ({@link Limits#checkSmallRead}):
 * the reply is bounded by them, at most {@link Limits#MAX_SMALL_READ_BYTES} of content and {@link
 * Limits#MAX_SMALL_READ_XATTRS} values. It reads file data, so it runs on a worker thread ({@link
 * CallExecutors}).
 */
public final class SmallReadService extends SmallReadsGrpc.SmallReadsImplBase {
  private final ServerContext ctx;

  /**
   * Creates the handler.
   *
   * @param ctx the shared server state
   */
  public SmallReadService(ServerContext ctx) {
    this.ctx = ctx;
  }

  @Override
  public void readSmall(ReadSmallRequest r, StreamObserver<ReadSmallReply> out) {
    Calls.unary(out, () -> {
      // uint32 on the wire: a value above Integer.MAX_VALUE arrives negative and is refused.
      int maxBytes = r.getMaxBytes();
      LinkedHashSet<String> names = new LinkedHashSet<>(r.getXattrsList());
      Limits.checkSmallRead(maxBytes, names);
      SmallRead s = ctx.volume(r.getVolume()).readSmall(Decode.oid(r.getId()), maxBytes, names);
      ReadSmallReply.Builder b = ReadSmallReply.newBuilder()
          .setAttributes(Encode.attrs(s.attributes())).addAllXattrNames(s.xattrNames());
      for (Map.Entry<String, byte[]> e : s.xattrs().entrySet()) {
        b.addXattrs(XattrValue.newBuilder().setName(e.getKey())
            .setValue(UnsafeByteOperations.unsafeWrap(e.getValue())));
      }
      if (s.data() != null) {
        // The array is this call's own (SmallRead): wrapped, not copied.
        b.setData(UnsafeByteOperations.unsafeWrap(s.data()));
      }
      return b.build();
    });
  }
}
