package dev.estuary.dataset.internal.ops;

import dev.estuary.core.CheckedVolume;
import dev.estuary.core.Permission;
import dev.estuary.core.Principal;
import dev.estuary.dataset.internal.codec.Echo;
import dev.estuary.dataset.internal.codec.RelPath;
import dev.estuary.dataset.internal.codec.RequestException;
import dev.estuary.dataset.proto.GetBatchRequest;
import dev.estuary.dataset.proto.GetBatchResponse;
import dev.estuary.dataset.proto.ItemError;
import dev.estuary.dfs.Attributes;
import io.grpc.Status;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * {@code GetBatch}: many samples, in request order (dataset.proto). Every path is resolved before
 * the first byte is sent, each parent directory once per batch, so a missing path fails the call
 * with NOT_FOUND naming it and nothing partial, unless the request asks for per-item errors
 * ({@code item_errors}): then that item alone is answered with its error; the reads then run in
 * parallel ({@link BatchSource}).
 */
public final class GetBatchOp {
  private final OpContext ctx;

  /**
   * Creates the handler.
   *
   * @param ctx the shared context
   */
  public GetBatchOp(OpContext ctx) {
    this.ctx = ctx;
  }

  /**
   * Validates the request, resolves every path and returns the batch's messages.
   *
   * @param principal the caller
   * @param req the request
   * @param wake called when a message becomes ready after {@link MessageSource#poll} returned null
   * @return the source of messages
   */
  public MessageSource<GetBatchResponse> start(Principal principal, GetBatchRequest req, Runnable wake) {
    ctx.limits().checkBatchPaths(req.getPathsCount());
    int chunk = ctx.limits().chunkSize(req.getChunkSize());
    int n = req.getPathsCount();
    if (req.getExpectedSizesCount() != 0 && req.getExpectedSizesCount() != n) {
      throw RequestException.invalid(
          "expected_sizes: " + req.getExpectedSizesCount() + " entries (expected: 0 or one per path, " + n + ")");
    }
    List<RelPath> paths = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      paths.add(RelPath.parse("paths[" + i + "]", req.getPaths(i)));
    }
    CheckedVolume v = Access.volume(ctx, principal, req.getVolume(), Permission.READ);
    List<@Nullable Attributes> files = new ArrayList<>(n);
    List<@Nullable ItemError> errors = new ArrayList<>(n);
    Map<String, Attributes> parents = new HashMap<>();
    for (int i = 0; i < n; i++) {
      RelPath p = paths.get(i);
      String what = "paths[" + i + "]";
      if (p.isRoot()) {
        throw RequestException.invalid(what + ": '' (expected: a file path)");
      }
      try {
        files.add(file(v, req, i, p, parents));
        errors.add(null);
      } catch (BackendError | RequestException e) {
        // Only this item failed: with item_errors it is answered in its place (dataset.proto).
        if (!req.getItemErrors()) {
          throw e;
        }
        files.add(null);
        errors.add(StatusMap.itemError(e));
      }
    }
    return new BatchSource(v, paths, files, req.getItemErrors() ? errors : null, chunk, ctx, wake);
  }

  /** Resolves item {@code i} to a readable regular file of the expected size. */
  private static Attributes file(
      CheckedVolume v, GetBatchRequest req, int i, RelPath p, Map<String, Attributes> parents) {
    String what = "paths[" + i + "]";
    Attributes a = Access.requireFile(resolve(v, what, p, parents), v, what, p.text());
    if (req.getExpectedSizesCount() != 0 && req.getExpectedSizes(i) != a.size()) {
      throw new RequestException(
          Status.Code.FAILED_PRECONDITION,
          what + ": " + Echo.quote(p.text()) + " has " + a.size() + " bytes (expected_sizes[" + i + "]: "
              + req.getExpectedSizes(i) + "; the dataset changed since it was scanned)");
    }
    return a;
  }

  /** Resolves a path, looking each distinct parent directory up once per batch. */
  private static Attributes resolve(CheckedVolume v, String what, RelPath p, Map<String, Attributes> parents) {
    Attributes parent = parents.get(p.parent());
    if (parent == null) {
      try {
        parent = Resolver.resolve(v, what, p.parent(), true);
      } catch (BackendError e) {
        // Fails again, with a message naming the item's whole path rather than its parent's.
        return Resolver.resolve(v, what, p.text(), true);
      }
      parents.put(p.parent(), parent);
    }
    if (!parent.isDirectory() || p.name().equals(".") || p.name().equals("..")) {
      return Resolver.resolve(v, what, p.text(), true);
    }
    Attributes a = Resolver.lookup(v, parent, p.name(), what, p.text());
    return a.isSymlink() ? Resolver.resolve(v, what, p.text(), true) : a;
  }
}
