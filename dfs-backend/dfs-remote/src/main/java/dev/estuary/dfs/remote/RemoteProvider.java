package dev.estuary.dfs.remote;

import dev.estuary.dfs.Dfs;
import dev.estuary.dfs.DfsException;
import dev.estuary.dfs.DfsProvider;
import dev.estuary.dfs.ErrorKind;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The backend {@code remote}: a {@link RemoteDfs} connected to an engine daemon. The data
 * directory of the context is not used (the daemon owns the data). Options:
 *
 * <ul>
 *   <li>{@code endpoint} (required): {@code unix:/path/engine.sock} or {@code tcp://host:port};
 *   <li>{@code token}: the node token for TCP;
 *   <li>{@code trust}: PEM file of the certificates a TCP server must chain to;
 *   <li>{@code deadline}: every call's deadline, ISO-8601 ({@code PT30S}) or a number with {@code
 *       ms} or {@code s} ({@code 500ms}, {@code 30s}); default 30 s;
 *   <li>{@code chunk-size}: bytes per read/write message, default 1048576;
 *   <li>{@code direct-minimum}: on a unix socket, the smallest read/write for which file bytes move
 *       through the file's descriptor passed to this process instead of gRPC, default 65536;
 *       {@code off} for never, which also keeps the metadata reads that otherwise use the
 *       descriptor socket (volume opens, getAttributes, lookup, readSmall) on gRPC ({@link
 *       RemoteOptions#directMinimum()});
 *   <li>{@code outage-wait}: how long a call made while the daemon is unreachable waits for it,
 *       written as {@code deadline} is; default 10 s ({@link RemoteOptions#outageWait()}).
 * </ul>
 *
 * Any other option is refused with {@link ErrorKind#INVALID_ARGUMENT}.
 */
public final class RemoteProvider implements DfsProvider {
  /** The name the launcher selects this backend by. */
  public static final String NAME = "remote";

  private static final Set<String> OPTIONS = Set.of("endpoint", "token", "trust", "deadline", "chunk-size",
      "direct-minimum", "outage-wait");

  /** Creates the provider (ServiceLoader needs a public no-argument constructor). */
  public RemoteProvider() {}

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Dfs open(Context context) {
    return RemoteDfs.connect(endpoint(context.options()), options(context.options()));
  }

  /**
   * Reads the endpoint option.
   *
   * @param options the backend options
   * @return the endpoint
   * @throws DfsException {@link ErrorKind#INVALID_ARGUMENT} if it is missing or malformed
   */
  public static RemoteEndpoint endpoint(Map<String, String> options) {
    String spec = options.get("endpoint");
    if (spec == null) {
      throw new DfsException(ErrorKind.INVALID_ARGUMENT,
          "backend 'remote': option 'endpoint' missing (expected: unix:/path/to/socket or tcp://host:port)");
    }
    return RemoteEndpoint.parse(spec);
  }

  /**
   * Reads the client options, refusing unknown ones.
   *
   * @param options the backend options
   * @return the client options
   * @throws DfsException {@link ErrorKind#INVALID_ARGUMENT} naming an unknown or malformed option
   */
  public static RemoteOptions options(Map<String, String> options) {
    Set<String> unknown = new TreeSet<>(options.keySet());
    unknown.removeAll(OPTIONS);
    if (!unknown.isEmpty()) {
      throw new DfsException(ErrorKind.INVALID_ARGUMENT, "backend 'remote': options " + unknown
          + " (expected: " + new TreeSet<>(OPTIONS) + ")");
    }
    RemoteOptions o = RemoteOptions.DEFAULTS.withToken(options.get("token"));
    if (options.containsKey("trust")) {
      o = o.withTrustCertificates(Path.of(options.get("trust")));
    }
    if (options.containsKey("deadline")) {
      o = o.withDeadline(duration("deadline", options.get("deadline")));
    }
    if (options.containsKey("outage-wait")) {
      o = o.withOutageWait(duration("outage-wait", options.get("outage-wait")));
    }
    if (options.containsKey("chunk-size")) {
      try {
        o = o.withChunkSize(Integer.parseInt(options.get("chunk-size")));
      } catch (NumberFormatException e) {
        throw new DfsException(ErrorKind.INVALID_ARGUMENT, "backend 'remote': chunk-size '"
            + options.get("chunk-size") + "' (expected: a number of bytes)", e);
      }
    }
    String direct = options.get("direct-minimum");
    if (direct != null) {
      try {
        o = o.withDirectMinimum(direct.equals("off") ? RemoteOptions.DIRECT_OFF : Integer.parseInt(direct));
      } catch (NumberFormatException e) {
        throw new DfsException(ErrorKind.INVALID_ARGUMENT, "backend 'remote': direct-minimum '"
            + direct + "' (expected: a number of bytes, or off)", e);
      }
    }
    return o;
  }

  private static Duration duration(String option, String text) {
    try {
      if (text.endsWith("ms")) {
        return Duration.ofMillis(Long.parseLong(text.substring(0, text.length() - 2)));
      }
      if (text.endsWith("s") && !text.startsWith("P")) {
        return Duration.ofSeconds(Long.parseLong(text.substring(0, text.length() - 1)));
      }
      return Duration.parse(text);
    } catch (NumberFormatException | DateTimeParseException e) {
      throw new DfsException(ErrorKind.INVALID_ARGUMENT, "backend 'remote': " + option + " '" + text
          + "' (expected: e.g. 30s, 500ms or PT30S)", e);
    }
  }
}
