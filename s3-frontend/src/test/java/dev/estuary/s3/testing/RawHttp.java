package dev.estuary.s3.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * HTTP/1.1 by hand over a socket, for what no client sends and no client shows: a head without
 * its body, the interim {@code 100 Continue}, a request with no length at all, whether the
 * connection stays open.
 */
public final class RawHttp {
  private RawHttp() {}

  /**
   * A response as read off the wire.
   *
   * @param status the status code (1xx included)
   * @param headers the headers by lower-case name (the last of repeated ones)
   * @param body the body, by Content-Length; empty for 1xx
   */
  public record Response(int status, Map<String, String> headers, byte[] body) {
    @Override
    public String toString() {
      return status + " " + headers + " " + new String(body, StandardCharsets.UTF_8);
    }
  }

  /**
   * Connects to the server under test, with a 30 s read timeout.
   *
   * @param s3 the fixture
   * @return the socket
   * @throws IOException if the connection fails
   */
  public static Socket connect(S3TestServer s3) throws IOException {
    Socket s = new Socket("127.0.0.1", s3.port());
    s.setSoTimeout(30_000);
    return s;
  }

  /**
   * Writes a request line and headers, no body.
   *
   * @param out the socket's stream
   * @param method the method
   * @param target the request target (encoded path and query)
   * @param headers the headers, each with its values on separate lines
   * @throws IOException if writing fails
   */
  public static void writeHead(OutputStream out, String method, String target,
      Map<String, List<String>> headers) throws IOException {
    StringBuilder sb = new StringBuilder(method + " " + target + " HTTP/1.1\r\n");
    headers.forEach((n, vs) -> vs.forEach(v -> sb.append(n).append(": ").append(v).append("\r\n")));
    sb.append("\r\n");
    out.write(sb.toString().getBytes(StandardCharsets.ISO_8859_1));
    out.flush();
  }

  /**
   * Reads one response (an interim one included).
   *
   * @param in the socket's stream, buffered
   * @return the response
   * @throws IOException if the connection ends first
   */
  public static Response readResponse(InputStream in) throws IOException {
    String status = line(in);
    if (status == null) {
      throw new IOException("connection closed before a response");
    }
    Map<String, String> h = new LinkedHashMap<>();
    for (String l = line(in); l != null && !l.isEmpty(); l = line(in)) {
      int c = l.indexOf(':');
      h.put(l.substring(0, c).strip().toLowerCase(Locale.ROOT), l.substring(c + 1).strip());
    }
    int code = Integer.parseInt(status.split(" ")[1]);
    byte[] body = new byte[0];
    if (code >= 200 && h.containsKey("content-length")) {
      body = in.readNBytes(Integer.parseInt(h.get("content-length")));
    }
    return new Response(code, h, body);
  }

  private static String line(InputStream in) throws IOException {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    for (int c = in.read(); c >= 0; c = in.read()) {
      if (c == '\n') {
        String s = b.toString(StandardCharsets.ISO_8859_1);
        return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
      }
      b.write(c);
    }
    return b.size() == 0 ? null : b.toString(StandardCharsets.ISO_8859_1);
  }
}
