package dev.estuary.smb.internal.ops;

/**
 * An operation that answers later ([MS-SMB2] 3.3.4.2): a handler returns it through
 * {@link SmbReply#pending}, the dispatcher sends the interim STATUS_PENDING response with an AsyncId and
 * the request's credits, then starts the work. The work calls its completion exactly once, from any
 * thread; the dispatcher sends the final response on the connection's serial path, signed or encrypted
 * like any response of the session. A CANCEL naming the request ([MS-SMB2] 3.3.5.16), or the connection
 * closing, calls {@link #cancel()} instead, and a completion after that is ignored.
 */
public interface AsyncWork {
  /** Where the work delivers its answer. */
  @FunctionalInterface
  interface Completion {
    /**
     * Delivers the final answer.
     *
     * @param reply the final status and body (never STATUS_PENDING)
     */
    void complete(SmbReply reply);

    /**
     * Runs a task on the requesting connection's serial path (work that must touch the session's state
     * when it resumes, such as a CREATE retried after an oplock break). The default runs it at once, for
     * callers that are on that path already.
     *
     * @param task the task
     */
    default void execute(Runnable task) {
      task.run();
    }
  }

  /**
   * Starts the work, after the interim response is queued. Called on the connection's serial path.
   *
   * @param done where the answer goes
   */
  void start(Completion done);

  /**
   * Stops the work: the dispatcher answers STATUS_CANCELLED itself. Called on the connection's serial path,
   * at most once and only before the work completed.
   */
  void cancel();
}
