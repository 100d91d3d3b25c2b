package dev.estuary.dfs.remote;

import dev.estuary.dfs.DfsException;
import dev.estuary.dfs.ErrorKind;
import java.nio.file.Path;
import org.jspecify.annotations.Nullable;

/**
 * Where a {@link RemoteServer} listens: a unix domain socket ({@code unix:/path/engine.sock}) or a
 * TCP address with TLS ({@code tcp://host:port}). Exactly one of {@code socket} and {@code host} is
 * set.
 *
 * @param socket the socket file, or null for TCP
 * @param host the host name or address, or null for a unix socket
 * @param port the TCP port, 1 to 65535; 0 for a unix socket
 */
public record RemoteEndpoint(@Nullable Path socket, @Nullable String host, int port) {
  private static final String UNIX = "unix:";
  private static final String TCP = "tcp://";

  /**
   * Checks the components.
   *
   * @throws DfsException {@link ErrorKind#INVALID_ARGUMENT} unless exactly one of a socket or a
   *     host with a port in range is given
   */
  public RemoteEndpoint {
    if ((socket == null) == (host == null)) {
      throw new DfsException(ErrorKind.INVALID_ARGUMENT, "remote endpoint: socket " + socket
          + ", host " + host + " (expected: exactly one of a unix socket and a TCP host)");
    }
    if (host != null && (host.isEmpty() || port < 1 || port > 65_535)) {
      throw new DfsException(ErrorKind.INVALID_ARGUMENT, "remote endpoint: host '" + host
          + "' port " + port + " (expected: a host name and a port from 1 to 65535)");
    }
    if (socket != null && port != 0) {
      throw new DfsException(ErrorKind.INVALID_ARGUMENT,
          "remote endpoint: port " + port + " with unix socket " + socket + " (expected: 0)");
    }
  }

  /**
   * Returns the endpoint of a unix domain socket.
   *
   * @param socket the socket file
   * @return the endpoint
   */
  public static RemoteEndpoint unix(Path socket) {
    return new RemoteEndpoint(socket, null, 0);
  }

  /**
   * Returns a TCP endpoint (always with TLS).
   *
   * @param host the host name or address
   * @param port the port
   * @return the endpoint
   */
  public static RemoteEndpoint tcp(String host, int port) {
    return new RemoteEndpoint(null, host, port);
  }

  /**
   * Parses {@code unix:/path/to/socket} or {@code tcp://host:port} ({@code tcp://[::1]:port} for an
   * IPv6 literal).
   *
   * @param spec the text
   * @return the endpoint
   * @throws DfsException {@link ErrorKind#INVALID_ARGUMENT} naming the text and the forms expected
   */
  public static RemoteEndpoint parse(String spec) {
    if (spec.startsWith(UNIX) && spec.length() > UNIX.length()) {
      return unix(Path.of(spec.substring(UNIX.length())));
    }
    if (spec.startsWith(TCP)) {
      String rest = spec.substring(TCP.length());
      int colon = rest.lastIndexOf(':');
      if (colon > 0) {
        String host = rest.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
          host = host.substring(1, host.length() - 1);
        }
        try {
          return tcp(host, Integer.parseInt(rest.substring(colon + 1)));
        } catch (NumberFormatException e) {
          // falls through to the common error
        }
      }
    }
    throw new DfsException(ErrorKind.INVALID_ARGUMENT,
        "remote endpoint: '" + spec + "' (expected: unix:/path/to/socket or tcp://host:port)");
  }

  /**
   * Returns whether this is a unix domain socket.
   *
   * @return true for {@code unix:}
   */
  public boolean isUnix() {
    return socket != null;
  }

  /** Returns the form {@link #parse} reads. */
  @Override
  public String toString() {
    if (socket != null) {
      return UNIX + socket;
    }
    return TCP + (host != null && host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
  }
}
