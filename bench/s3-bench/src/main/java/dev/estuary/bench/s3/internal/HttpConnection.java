package dev.estuary.bench.s3.internal;

import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;

/**
 * One keep-alive HTTP/1.1 connection of the load generator: a blocking socket channel with direct
 * buffers (one kernel copy per byte each way, no heap staging), request bytes written in one go,
 * responses parsed just enough (status, Content-Length or chunked, Connection: close).
 * Deliberately minimal, so that it costs every server the same and as little as possible of the
 * shared CPUs. Not thread-safe: one per worker thread.
 */
public final class HttpConnection implements Closeable {
  /** A response: status, the headers needed, and the body if it was kept. */
  public record Response(int status, long bodyLength, byte[] body, Map<String, String> headers) {}

  private final String host;
  private final int port;
  private final ByteBuffer rbuf = ByteBuffer.allocateDirect(1 << 20).flip();
  private ByteBuffer wblock;
  private byte[] wblockSource;
  private SocketChannel ch;

  /** Connects lazily to {@code host:port}. */
  public HttpConnection(String host, int port) {
    this.host = host;
    this.port = port;
  }

  private void connect() throws IOException {
    if (ch == null) {
      ch = SocketChannel.open();
      ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
      ch.setOption(StandardSocketOptions.SO_RCVBUF, 1 << 20);
      ch.setOption(StandardSocketOptions.SO_SNDBUF, 1 << 20);
      ch.connect(new InetSocketAddress(host, port));
      rbuf.clear().flip();
    }
  }

  /**
   * Sends a request with a small body (or none) and reads the response.
   *
   * @param head the request line and headers, without the final CRLF and without Content-Length
   * @param keepBody whether to return the body (else it is read and dropped)
   */
  public Response exchange(String method, String head, byte[] body, boolean keepBody) throws IOException {
    connect();
    byte[] h = (head + "Content-Length: " + body.length + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1);
    ByteBuffer all = ByteBuffer.allocate(h.length + body.length).put(h).put(body).flip();
    writeFully(all);
    return read(method, keepBody);
  }

  /** Sends a request whose body is {@code length} bytes of {@code block} repeated, and reads the response. */
  public Response streamPut(String head, long length, byte[] block) throws IOException {
    connect();
    writeFully(ByteBuffer.wrap((head + "Content-Length: " + length + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1)));
    if (wblockSource != block) {
      wblock = ByteBuffer.allocateDirect(block.length).put(block).flip();
      wblockSource = block;
    }
    long left = length;
    while (left > 0) {
      int n = (int) Math.min(left, block.length);
      writeFully(wblock.duplicate().limit(n));
      left -= n;
    }
    return read("PUT", true);
  }

  private void writeFully(ByteBuffer b) throws IOException {
    while (b.hasRemaining()) {
      ch.write(b);
    }
  }

  private Response read(String method, boolean keepBody) throws IOException {
    String status = line();
    if (status.isEmpty()) {
      throw new IOException("connection closed by " + host + ":" + port);
    }
    int code = Integer.parseInt(status.split(" ", 3)[1]);
    long length = -1;
    boolean chunked = false;
    boolean close = false;
    Map<String, String> headers = new java.util.HashMap<>();
    for (String l = line(); !l.isEmpty(); l = line()) {
      int colon = l.indexOf(':');
      String name = l.substring(0, colon).strip().toLowerCase(Locale.ROOT);
      String value = l.substring(colon + 1).strip();
      headers.put(name, value);
      switch (name) {
        case "content-length" -> length = Long.parseLong(value);
        case "transfer-encoding" -> chunked = value.toLowerCase(Locale.ROOT).contains("chunked");
        case "connection" -> close = value.equalsIgnoreCase("close");
        default -> { }
      }
    }
    ByteArrayOutputStream kept = keepBody ? new ByteArrayOutputStream() : null;
    long total = 0;
    if (method.equals("HEAD") || code == 204 || code == 304 || code / 100 == 1) {
      // no body
    } else if (chunked) {
      while (true) {
        String size = line();
        int semi = size.indexOf(';');
        long n = Long.parseLong((semi < 0 ? size : size.substring(0, semi)).strip(), 16);
        if (n == 0) {
          while (!line().isEmpty()) {
            // trailer fields
          }
          break;
        }
        total += body(n, kept);
        line();
      }
    } else if (length >= 0) {
      total = body(length, kept);
    } else {
      total = body(Long.MAX_VALUE, kept);
      close = true;
    }
    if (close) {
      close();
    }
    return new Response(code, total, kept == null ? new byte[0] : kept.toByteArray(), headers);
  }

  /** Reads more into the (empty) read buffer; false at end of stream. */
  private boolean fill() throws IOException {
    rbuf.clear();
    int r = ch.read(rbuf);
    rbuf.flip();
    return r > 0;
  }

  private long body(long n, ByteArrayOutputStream kept) throws IOException {
    long done = 0;
    while (done < n) {
      if (!rbuf.hasRemaining() && !fill()) {
        if (n == Long.MAX_VALUE) {
          return done;
        }
        throw new IOException("body ended after " + done + " of " + n + " bytes");
      }
      int take = (int) Math.min(rbuf.remaining(), n - done);
      if (kept != null) {
        byte[] b = new byte[take];
        rbuf.get(b);
        kept.write(b, 0, take);
      } else {
        rbuf.position(rbuf.position() + take);
      }
      done += take;
    }
    return done;
  }

  private String line() throws IOException {
    StringBuilder sb = new StringBuilder(64);
    while (true) {
      if (!rbuf.hasRemaining() && !fill()) {
        return sb.toString();
      }
      char c = (char) (rbuf.get() & 0xFF);
      if (c == '\n') {
        int len = sb.length();
        return len > 0 && sb.charAt(len - 1) == '\r' ? sb.substring(0, len - 1) : sb.toString();
      }
      sb.append(c);
    }
  }

  @Override
  public void close() {
    if (ch != null) {
      try {
        ch.close();
      } catch (IOException ignored) {
        // closing anyway
      }
      ch = null;
    }
  }
}
