package dev.estuary.dfs.remote;

import static java.util.Objects.requireNonNull;

import dev.estuary.dfs.DfsException;
import dev.estuary.dfs.ErrorKind;
import java.nio.file.Path;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * How a {@link RemoteDfs} talks to its server.
 *
 * @param deadline the longest any call may take, waiting for an unreachable server included
 *     (blocking lock requests get their own wait time plus {@code lockMargin}); then it fails with
 *     {@link ErrorKind#UNAVAILABLE} naming the endpoint
 * @param lockMargin what a blocking lock request may take beyond its wait time
 * @param token the node token sent as a bearer token on TCP, or null (unix sockets need none)
 * @param trustCertificates PEM file of the certificates a TCP server's chain must lead to, or null
 *     for the JVM's default trust store
 * @param chunkSize the largest piece of a read or write sent in one message, 4 KiB to 4 MiB: with
 *     gRPC flow control it bounds what either side buffers for one stream
 * @param directMinimum on a unix socket, the smallest read or write (in bytes) for which a file
 *     handle asks the server for the file's descriptor and from then on reads and writes the
 *     bytes itself (a handle also asks after {@link #DIRECT_AFTER_CALLS} smaller calls); {@link
 *     #DIRECT_OFF} keeps every byte on the gRPC path, and the metadata reads too (which otherwise
 *     use the descriptor socket: volume opens, getAttributes, lookup, readSmall). Ignored on TCP
 * @param outageWait how long a call made while the server is unreachable waits for it to come
 *     back (at most {@code deadline}) before it fails with {@link ErrorKind#UNAVAILABLE}: long
 *     enough to ride over an engine restart, short enough that a frontend's client gets an answer
 *     it retries (S3's 503) before its own read timeout (30 s in the AWS SDKs and the aws CLI)
 */
public record RemoteOptions(
    Duration deadline,
    Duration lockMargin,
    @Nullable String token,
    @Nullable Path trustCertificates,
    int chunkSize,
    int directMinimum,
    Duration outageWait) {

  /** {@link #directMinimum()}: never pass descriptors. */
  public static final int DIRECT_OFF = -1;
  /**
   * The default {@link #directMinimum()}: 64 KiB, the engine's default inline threshold, so a read
   * or write of a small file (inline, no descriptor to pass) costs no extra round trip.
   */
  public static final int DEFAULT_DIRECT_MINIMUM = 64 * 1024;
  /** Smaller calls after which a handle asks for the descriptor anyway (a file read in small pieces). */
  public static final int DIRECT_AFTER_CALLS = 8;

  /** Smallest chunk size. */
  public static final int MIN_CHUNK = 4 * 1024;
  /** Largest chunk size (gRPC's default message limit is 4 MiB). */
  public static final int MAX_CHUNK = 4 * 1024 * 1024 - 64 * 1024;

  /**
   * The HTTP/2 flow-control window of both ends (per stream and per connection): four chunks of
   * the largest size, so a stream of chunks is never held up by window updates.
   */
  public static final int FLOW_CONTROL_WINDOW = 4 * MAX_CHUNK;

  /**
   * Deadline 30 s, lock margin 10 s, no token, default trust, chunks of 1 MiB, descriptors passed
   * for calls of 64 KiB or more, a server away waited for 10 s (a frontend container restarts in
   * less; see NodeIT).
   */
  public static final RemoteOptions DEFAULTS = new RemoteOptions(Duration.ofSeconds(30),
      Duration.ofSeconds(10), null, null, 1 << 20, DEFAULT_DIRECT_MINIMUM, Duration.ofSeconds(10));

  /**
   * Checks the components.
   *
   * @throws DfsException {@link ErrorKind#INVALID_ARGUMENT} for a non-positive duration or a chunk
   *     size out of range
   */
  public RemoteOptions {
    requireNonNull(deadline, "deadline");
    requireNonNull(lockMargin, "lockMargin");
    if (deadline.isNegative() || deadline.isZero()) {
      throw new DfsException(ErrorKind.INVALID_ARGUMENT,
          "remote deadline: " + deadline + " (expected: positive)");
    }
    if (lockMargin.isNegative()) {
      throw new DfsException(ErrorKind.INVALID_ARGUMENT,
          "remote lock margin: " + lockMargin + " (expected: 0 or more)");
    }
    if (chunkSize < MIN_CHUNK || chunkSize > MAX_CHUNK) {
      throw new DfsException(ErrorKind.INVALID_ARGUMENT, "remote chunk size: " + chunkSize
          + " (expected: " + MIN_CHUNK + " to " + MAX_CHUNK + ")");
    }
    if (directMinimum < DIRECT_OFF) {
      throw new DfsException(ErrorKind.INVALID_ARGUMENT, "remote direct minimum: " + directMinimum
          + " (expected: " + DIRECT_OFF + " for off, or 0 or more bytes)");
    }
    requireNonNull(outageWait, "outageWait");
    if (outageWait.isNegative()) {
      throw new DfsException(ErrorKind.INVALID_ARGUMENT,
          "remote outage wait: " + outageWait + " (expected: 0 or more)");
    }
  }

  /**
   * Returns these options with another direct minimum.
   *
   * @param bytes the minimum, or {@link #DIRECT_OFF}
   * @return the copy
   */
  public RemoteOptions withDirectMinimum(int bytes) {
    return new RemoteOptions(deadline, lockMargin, token, trustCertificates, chunkSize, bytes, outageWait);
  }

  /**
   * Returns these options with another deadline.
   *
   * @param newDeadline the deadline
   * @return the copy
   */
  public RemoteOptions withDeadline(Duration newDeadline) {
    return new RemoteOptions(newDeadline, lockMargin, token, trustCertificates, chunkSize, directMinimum, outageWait);
  }

  /**
   * Returns these options with a node token.
   *
   * @param newToken the token, or null for none
   * @return the copy
   */
  public RemoteOptions withToken(@Nullable String newToken) {
    return new RemoteOptions(deadline, lockMargin, newToken, trustCertificates, chunkSize, directMinimum, outageWait);
  }

  /**
   * Returns these options trusting the certificates in a PEM file.
   *
   * @param pem the file, or null for the default trust store
   * @return the copy
   */
  public RemoteOptions withTrustCertificates(@Nullable Path pem) {
    return new RemoteOptions(deadline, lockMargin, token, pem, chunkSize, directMinimum, outageWait);
  }

  /**
   * Returns these options with another chunk size.
   *
   * @param bytes the chunk size
   * @return the copy
   */
  public RemoteOptions withChunkSize(int bytes) {
    return new RemoteOptions(deadline, lockMargin, token, trustCertificates, bytes, directMinimum, outageWait);
  }

  /**
   * Returns these options with another outage wait.
   *
   * @param wait the wait
   * @return the copy
   */
  public RemoteOptions withOutageWait(Duration wait) {
    return new RemoteOptions(deadline, lockMargin, token, trustCertificates, chunkSize, directMinimum, wait);
  }
}
