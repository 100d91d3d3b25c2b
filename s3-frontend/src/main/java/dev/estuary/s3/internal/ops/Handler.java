package dev.estuary.s3.internal.ops;

/**
 * One S3 operation. Runs on a virtual thread, so it may block on the backend and on the request
 * body; it answers with a {@link Reply} or throws an {@link
 * dev.estuary.s3.internal.error.S3Exception} (or a {@link dev.estuary.dfs.DfsException}, mapped
 * by {@link ErrorKindMap}).
 */
@FunctionalInterface
public interface Handler {
  /**
   * Handles a request.
   *
   * @param req the request
   * @param store the backend and the namespace mapping
   * @return the reply
   * @throws Exception when reading the body or the backend fails
   */
  Reply handle(OpRequest req, Store store) throws Exception;
}
