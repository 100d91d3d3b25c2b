package dev.estuary.node.internal.podman;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The unix-socket HTTP client against a server that answers with hand-made bytes, in pieces. */
class UnixHttpTest {
  private Path dir;
  private Path socket;
  private ServerSocketChannel server;
  private final CompletableFuture<String> request = new CompletableFuture<>();
  private final CountDownLatch release = new CountDownLatch(1);

  @BeforeEach
  void open() throws IOException {
    dir = Files.createTempDirectory("unixhttp");
    socket = dir.resolve("s.sock");
    server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
    server.bind(UnixDomainSocketAddress.of(socket));
  }

  @AfterEach
  void close() throws IOException {
    release.countDown();
    server.close();
    Files.deleteIfExists(socket);
    Files.delete(dir);
  }

  /** Answers one connection with the pieces, each written (and flushed) on its own. */
  private void answer(List<String> pieces, boolean holdOpen) {
    Thread t = new Thread(() -> {
      try (SocketChannel ch = server.accept()) {
        ByteBuffer in = ByteBuffer.allocate(65536);
        StringBuilder head = new StringBuilder();
        while (!head.toString().contains("\r\n\r\n")) {
          in.clear();
          if (ch.read(in) < 0) {
            break;
          }
          head.append(new String(in.array(), 0, in.position(), StandardCharsets.ISO_8859_1));
        }
        request.complete(head.toString());
        for (String p : pieces) {
          ch.write(ByteBuffer.wrap(p.getBytes(StandardCharsets.ISO_8859_1)));
        }
        if (holdOpen) {
          release.await();
        }
      } catch (IOException | InterruptedException e) {
        request.completeExceptionally(e);
      }
    });
    t.setDaemon(true);
    t.start();
  }

  private UnixHttp.Response get(Duration idle) throws IOException {
    return new UnixHttp(socket).send("GET", "/v4.0.0/libpod/_ping", null, null, idle);
  }

  @Test
  void contentLengthBodyInPieces() throws Exception {
    answer(List.of("HTTP/1.1 200 OK\r\nContent-", "Length: 5\r\nX-A: b\r\n\r\nhe", "llo"), true);
    try (UnixHttp.Response r = get(Duration.ofSeconds(5))) {
      assertThat(r.status()).isEqualTo(200);
      assertThat(r.headers()).containsEntry("x-a", "b");
      assertThat(new String(r.readAll(100), StandardCharsets.UTF_8)).isEqualTo("hello");
    }
    assertThat(request.get()).startsWith("GET /v4.0.0/libpod/_ping HTTP/1.1\r\n")
        .contains("Host: podman\r\n", "Connection: close\r\n");
  }

  @Test
  void chunkedBodySplitAnywhere() throws Exception {
    answer(List.of("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n4\r", "\nab",
        "cd\r\n3;ext=1\r\nefg\r\n0\r\nTrailer: x\r\n\r\n"), true);
    try (UnixHttp.Response r = get(Duration.ofSeconds(5))) {
      assertThat(new String(r.readAll(100), StandardCharsets.UTF_8)).isEqualTo("abcdefg");
    }
  }

  @Test
  void bodyBeyondTheLimitIsRefusedBeforeBuffering() throws Exception {
    answer(List.of("HTTP/1.1 200 OK\r\nContent-Length: 20\r\n\r\n", "x".repeat(20)), true);
    try (UnixHttp.Response r = get(Duration.ofSeconds(5))) {
      assertThatThrownBy(() -> r.readAll(10)).isInstanceOf(IOException.class)
          .hasMessage("response body: more than 10 bytes (expected: at most 10)");
    }
  }

  @Test
  void aSilentServerTimesOut() throws Exception {
    answer(List.of("HTTP/1.1 200 OK\r\n"), true);
    assertThatThrownBy(() -> get(Duration.ofMillis(200))).isInstanceOf(IOException.class)
        .hasMessageContaining("podman: no response within 200 ms");
  }

  @Test
  void malformedAnswersAreNamed() throws Exception {
    answer(List.of("SSH-2.0-OpenSSH\r\n\r\n"), false);
    assertThatThrownBy(() -> get(Duration.ofSeconds(5))).isInstanceOf(IOException.class)
        .hasMessage("response status line: 'SSH-2.0-OpenSSH' (expected: HTTP/1.1 <code> ...)");
  }

  @Test
  void aBodyCutShortIsAnError() throws Exception {
    answer(List.of("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n10\r\nabc"), false);
    try (UnixHttp.Response r = get(Duration.ofSeconds(5))) {
      assertThatThrownBy(() -> r.readAll(100)).isInstanceOf(IOException.class)
          .hasMessage("chunked body: connection ended inside a chunk");
    }
  }

  @Test
  void podmanErrorsNameTheCallTheObjectAndPodmansMessage() throws Exception {
    String body = "{\"cause\":\"no such container\",\"message\":\"no container with name or ID"
        + " \\\"x\\\" found: no such container\",\"response\":404}";
    answer(List.of("HTTP/1.1 404 Not Found\r\nContent-Type: application/json\r\nContent-Length: "
        + body.length() + "\r\n\r\n" + body), false);
    PodmanClient c = new PodmanClient(socket, Duration.ofSeconds(5));
    assertThatThrownBy(() -> c.start("x")).isInstanceOf(PodmanException.class)
        .hasMessage("podman start container x: no container with name or ID \"x\" found: no such"
            + " container (HTTP 404)");
    assertThat(request.get()).startsWith("POST /v4.0.0/libpod/containers/x/start HTTP/1.1");
  }

  @Test
  void logFramesAreJoined() {
    byte[] raw = {1, 0, 0, 0, 0, 0, 0, 3, 'a', 'b', '\n', 2, 0, 0, 0, 0, 0, 0, 2, 'c', '\n'};
    assertThat(PodmanClient.LogFrames.text(raw)).isEqualTo("ab\nc\n");
  }
}
