package dev.estuary.node.internal.podman;

import static java.util.Objects.requireNonNull;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * HTTP/1.1 over a unix domain socket (RFC 9112), just what Podman's REST API needs: one request per
 * connection ({@code Connection: close}), responses framed by {@code Content-Length}, {@code chunked}
 * transfer coding (§7.1, the events and logs streams) or the end of the connection. Reads wait at
 * most the idle timeout for each piece of data, so a hung Podman cannot hang the agent; a stream
 * with no idle timeout (the event stream) ends when it is closed from another thread.
 */
public final class UnixHttp {
  /** Longest status line plus headers accepted (Podman's are a few hundred bytes). */
  static final int MAX_HEAD = 64 * 1024;

  private final Path socket;

  /**
   * Creates a client of one socket.
   *
   * @param socket the unix socket path
   */
  public UnixHttp(Path socket) {
    this.socket = requireNonNull(socket, "socket");
  }

  /**
   * Returns the socket path.
   *
   * @return the path
   */
  public Path socket() {
    return socket;
  }

  /**
   * A response whose body is read as a stream; closing it closes the connection.
   *
   * @param status the status code
   * @param headers the headers, names in lower case
   * @param body the decoded body (de-chunked)
   */
  public record Response(int status, Map<String, String> headers, InputStream body)
      implements AutoCloseable {
    /**
     * Reads the whole body, refusing one longer than a limit before buffering it.
     *
     * @param limit the most bytes accepted
     * @return the body
     * @throws IOException on a read error, or if the body is longer than the limit
     */
    public byte[] readAll(int limit) throws IOException {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      byte[] buf = new byte[8192];
      int n;
      while ((n = body.read(buf)) >= 0) {
        if (out.size() + n > limit) {
          throw new IOException("response body: more than " + limit + " bytes (expected: at most "
              + limit + ")");
        }
        out.write(buf, 0, n);
      }
      return out.toByteArray();
    }

    @Override
    public void close() throws IOException {
      body.close();
    }
  }

  /**
   * Sends one request and reads the status line and headers.
   *
   * @param method the method
   * @param target the request target (path and query, already encoded)
   * @param contentType the body's media type, or null without a body
   * @param body the body, or null
   * @param idleTimeout the longest wait for each piece of the response, or {@link Duration#ZERO}
   *     for none (a stream closed by the caller)
   * @return the response, whose body the caller must close
   * @throws IOException if the socket cannot be reached or the response is malformed
   */
  public Response send(String method, String target, @Nullable String contentType,
      byte @Nullable [] body, Duration idleTimeout) throws IOException {
    SocketChannel ch = SocketChannel.open(UnixDomainSocketAddress.of(socket));
    try {
      StringBuilder head = new StringBuilder(256);
      head.append(method).append(' ').append(target).append(" HTTP/1.1\r\n")
          .append("Host: podman\r\nConnection: close\r\nUser-Agent: estuary-node\r\n");
      if (body != null) {
        head.append("Content-Type: ").append(contentType == null ? "application/octet-stream"
            : contentType).append("\r\nContent-Length: ").append(body.length).append("\r\n");
      } else if (!method.equals("GET") && !method.equals("HEAD")) {
        head.append("Content-Length: 0\r\n");
      }
      head.append("\r\n");
      writeFully(ch, ByteBuffer.wrap(head.toString().getBytes(StandardCharsets.ISO_8859_1)));
      if (body != null) {
        writeFully(ch, ByteBuffer.wrap(body));
      }
      ch.configureBlocking(false);
      ChannelInput in = new ChannelInput(ch, idleTimeout);
      int status = parseStatus(in.readLine(MAX_HEAD));
      Map<String, String> headers = new LinkedHashMap<>();
      int headBytes = 0;
      for (String line = in.readLine(MAX_HEAD); !line.isEmpty(); line = in.readLine(MAX_HEAD)) {
        headBytes += line.length() + 2;
        if (headBytes > MAX_HEAD) {
          throw new IOException("response headers: more than " + MAX_HEAD + " bytes");
        }
        int colon = line.indexOf(':');
        if (colon <= 0) {
          throw new IOException("response header: '" + line + "' (expected: name: value)");
        }
        headers.put(line.substring(0, colon).trim().toLowerCase(Locale.ROOT),
            line.substring(colon + 1).trim());
      }
      InputStream decoded;
      String te = headers.get("transfer-encoding");
      String cl = headers.get("content-length");
      if (method.equals("HEAD") || status == 204 || status == 304 || status / 100 == 1) {
        decoded = new LengthInput(in, 0);
      } else if (te != null && te.toLowerCase(Locale.ROOT).contains("chunked")) {
        decoded = new ChunkedInput(in);
      } else if (cl != null) {
        long length;
        try {
          length = Long.parseLong(cl);
        } catch (NumberFormatException e) {
          throw new IOException("content-length: '" + cl + "' (expected: a number)", e);
        }
        if (length < 0) {
          throw new IOException("content-length: " + length + " (expected: >= 0)");
        }
        decoded = new LengthInput(in, length);
      } else {
        decoded = in;
      }
      return new Response(status, Map.copyOf(headers), decoded);
    } catch (IOException | RuntimeException e) {
      ch.close();
      throw e;
    }
  }

  private static void writeFully(SocketChannel ch, ByteBuffer b) throws IOException {
    while (b.hasRemaining()) {
      ch.write(b);
    }
  }

  private static int parseStatus(String line) throws IOException {
    // status-line = HTTP-version SP status-code SP [ reason-phrase ] (RFC 9112 §4)
    String[] parts = line.split(" ", 3);
    if (parts.length < 2 || !parts[0].startsWith("HTTP/1.")) {
      throw new IOException("response status line: '" + line + "' (expected: HTTP/1.1 <code> ...)");
    }
    try {
      return Integer.parseInt(parts[1]);
    } catch (NumberFormatException e) {
      throw new IOException("response status line: '" + line + "' (expected: a numeric status)", e);
    }
  }

  /** The raw connection as a stream; each read waits at most the idle timeout. */
  static final class ChannelInput extends InputStream {
    private final SocketChannel ch;
    private final long idleMillis;
    private final Selector selector;
    private final ByteBuffer buf = ByteBuffer.allocate(16 * 1024).flip();
    private volatile boolean closed;

    ChannelInput(SocketChannel ch, Duration idleTimeout) throws IOException {
      this.ch = ch;
      this.idleMillis = idleTimeout.toMillis();
      this.selector = Selector.open();
      ch.register(selector, SelectionKey.OP_READ);
    }

    /** Fills the buffer; returns false at the end of the stream. */
    private boolean fill() throws IOException {
      if (buf.hasRemaining()) {
        return true;
      }
      buf.clear();
      try {
        while (true) {
          if (closed) {
            throw new IOException("connection closed");
          }
          int n = ch.read(buf);
          if (n < 0) {
            return false;
          }
          if (n > 0) {
            return true;
          }
          int ready = selector.select(idleMillis);
          if (ready == 0 && idleMillis > 0 && !closed) {
            throw new IOException("podman: no response within " + idleMillis + " ms on " + ch
                .getRemoteAddress() + " (expected: a running Podman service)");
          }
          selector.selectedKeys().clear();
        }
      } catch (java.nio.channels.ClosedSelectorException e) {
        // closed by another thread (the end of an event stream)
        throw new IOException("connection closed", e);
      } finally {
        buf.flip();
      }
    }

    String readLine(int limit) throws IOException {
      StringBuilder sb = new StringBuilder();
      while (true) {
        int c = read();
        if (c < 0) {
          throw new EOFException("response: connection ended inside a line");
        }
        if (c == '\n') {
          int len = sb.length();
          if (len > 0 && sb.charAt(len - 1) == '\r') {
            sb.setLength(len - 1);
          }
          return sb.toString();
        }
        if (sb.length() >= limit) {
          throw new IOException("response line: more than " + limit + " bytes");
        }
        sb.append((char) c);
      }
    }

    @Override
    public int read() throws IOException {
      return fill() ? buf.get() & 0xff : -1;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      if (len == 0) {
        return 0;
      }
      if (!fill()) {
        return -1;
      }
      int n = Math.min(len, buf.remaining());
      buf.get(b, off, n);
      return n;
    }

    @Override
    public void close() throws IOException {
      closed = true;
      selector.wakeup();
      try {
        ch.close();
      } finally {
        selector.close();
      }
    }
  }

  /** A body of a known length. */
  private static final class LengthInput extends InputStream {
    private final ChannelInput in;
    private long left;

    LengthInput(ChannelInput in, long length) {
      this.in = in;
      this.left = length;
    }

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      if (left == 0) {
        return -1;
      }
      int n = in.read(b, off, (int) Math.min(len, left));
      if (n < 0) {
        throw new EOFException("response body: connection ended " + left + " bytes early");
      }
      left -= n;
      return n;
    }

    @Override
    public void close() throws IOException {
      in.close();
    }
  }

  /** The chunked transfer coding (RFC 9112 §7.1); trailers are read and dropped. */
  static final class ChunkedInput extends InputStream {
    private final ChannelInput in;
    private long left;
    private boolean done;

    ChunkedInput(ChannelInput in) {
      this.in = in;
    }

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      if (done) {
        return -1;
      }
      if (left == 0) {
        String line = in.readLine(1024);
        int semi = line.indexOf(';');
        String size = (semi >= 0 ? line.substring(0, semi) : line).trim();
        try {
          left = Long.parseLong(size, 16);
        } catch (NumberFormatException e) {
          throw new IOException("chunk size: '" + line + "' (expected: hex digits)", e);
        }
        if (left < 0) {
          throw new IOException("chunk size: '" + line + "' (expected: >= 0)");
        }
        if (left == 0) {
          while (!in.readLine(MAX_HEAD).isEmpty()) {
            // trailer fields: none that the agent uses
          }
          done = true;
          return -1;
        }
      }
      int n = in.read(b, off, (int) Math.min(len, left));
      if (n < 0) {
        throw new EOFException("chunked body: connection ended inside a chunk");
      }
      left -= n;
      if (left == 0 && !in.readLine(2).isEmpty()) {
        throw new IOException("chunked body: no CRLF after a chunk");
      }
      return n;
    }

    @Override
    public void close() throws IOException {
      in.close();
    }
  }
}
