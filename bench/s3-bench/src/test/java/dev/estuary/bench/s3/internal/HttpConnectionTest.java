package dev.estuary.bench.s3.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.estuary.core.Principal;
import dev.estuary.core.S3Identity;
import dev.estuary.core.Secret;
import dev.estuary.s3.internal.auth.SigV4Authenticator;
import dev.estuary.s3.internal.auth.SigV4Request;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** The load generator's HTTP client and signer against the JDK's HTTP server. */
class HttpConnectionTest {
  @Test
  void keepAliveFixedAndChunkedBodiesAndSignedRequests() throws Exception {
    List<SigV4Request> seen = new CopyOnWriteArrayList<>();
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/", ex -> {
      byte[] in;
      try (InputStream is = ex.getRequestBody()) {
        in = is.readAllBytes();
      }
      Map<String, List<String>> h = new TreeMap<>();
      ex.getRequestHeaders().forEach((k, v) -> h.put(k, List.copyOf(v)));
      seen.add(new SigV4Request(ex.getRequestMethod(), ex.getRequestURI().getRawPath(),
          ex.getRequestURI().getRawQuery() == null ? "" : ex.getRequestURI().getRawQuery(), h));
      byte[] answer = ("got " + in.length).getBytes(StandardCharsets.UTF_8);
      boolean chunked = ex.getRequestURI().getRawQuery() != null;
      ex.sendResponseHeaders(200, chunked ? 0 : answer.length);
      ex.getResponseBody().write(answer);
      ex.close();
    });
    server.start();
    try {
      Endpoint e = new Endpoint("t", server.getAddress().getPort(), "b", "AK", "SK", Clock.systemUTC());
      try (HttpConnection c = e.connect()) {
        HttpConnection.Response r = c.exchange("PUT", e.head("PUT", e.path("k1"), ""), new byte[4096], true);
        assertThat(r.status()).isEqualTo(200);
        assertThat(new String(r.body(), StandardCharsets.UTF_8)).isEqualTo("got 4096");
        byte[] block = new byte[1000];
        r = c.streamPut(e.head("PUT", e.path("big"), ""), 2500, block);
        assertThat(new String(r.body(), StandardCharsets.UTF_8)).isEqualTo("got 2500");
        r = c.exchange("GET", e.head("GET", e.path(""), "list-type=2&prefix=a%2Fb"), new byte[0], true);
        assertThat(new String(r.body(), StandardCharsets.UTF_8)).isEqualTo("got 0");
        assertThat(r.headers()).containsEntry("transfer-encoding", "chunked");
      }
      SigV4Authenticator auth = new SigV4Authenticator(
          k -> Optional.of(new S3Identity(new Principal("p", 1, 1, false, Map.of()), new Secret("SK"))),
          Clock.systemUTC(), SigV4Authenticator.Config.defaults());
      assertThat(seen).hasSize(3);
      for (SigV4Request r : seen) {
        assertThat(auth.authenticate(r).accessKeyId()).isEqualTo("AK");
      }
    } finally {
      server.stop(0);
    }
  }
}
