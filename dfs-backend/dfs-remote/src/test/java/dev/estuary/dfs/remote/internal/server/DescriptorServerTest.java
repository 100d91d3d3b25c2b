package dev.estuary.dfs.remote.internal.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.estuary.dfs.Dfs;
import dev.estuary.dfs.DfsException;
import dev.estuary.dfs.DfsProvider;
import dev.estuary.dfs.ErrorKind;
import dev.estuary.dfs.FileHandle;
import dev.estuary.dfs.ObjectId;
import dev.estuary.dfs.OpenMode;
import dev.estuary.dfs.Ownership;
import dev.estuary.dfs.Volume;
import dev.estuary.dfs.engine.EngineProvider;
import dev.estuary.dfs.remote.internal.DescriptorProtocol;
import dev.estuary.dfs.remote.internal.UnixSockets;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The descriptor socket's server side, spoken to with raw protocol frames: it passes the data file
 * of a handle only to the client that owns the handle, answers ABSENT for inline data, runs the
 * write brackets with the engine's checks, forgets a client whose references ended, and closes a
 * connection that does not speak the protocol.
 */
class DescriptorServerTest {
  private static final long A = 0x1111L;
  private static final long B = 0x2222L;
  private static final Ownership OWNER = new Ownership(1000, 100);

  @TempDir Path dir;
  private Dfs engine;
  private References references;
  private DescriptorServer server;
  private Path socket;
  private byte[] big;
  private long rw;
  private long ro;
  private long inline;

  /** A response: status, value, message and the descriptor passed (-1 if none). */
  private record Reply(int status, long value, String message, int fd) {}

  @BeforeEach
  void setUp() throws IOException {
    engine = new EngineProvider().open(new DfsProvider.Context(Files.createDirectories(dir.resolve("data")),
        Clock.systemUTC(), new SimpleMeterRegistry(), Map.of()));
    engine.createVolume("vol", 0755, OWNER);
    Volume v = engine.volume("vol");
    big = new byte[300_000];
    new Random(7).nextBytes(big);
    ObjectId f = v.create(v.root(), "big", 0644, OWNER, true).id();
    try (FileHandle h = v.open(f, OpenMode.READ_WRITE)) {
      h.write(0, ByteBuffer.wrap(big));
    }
    ObjectId s = v.create(v.root(), "small", 0644, OWNER, true).id();
    try (FileHandle h = v.open(s, OpenMode.READ_WRITE)) {
      h.write(0, ByteBuffer.wrap(new byte[100]));
    }
    references = new References(Clock.systemUTC(), Duration.ofMinutes(5));
    FileHandle hrw = v.open(f, OpenMode.READ_WRITE);
    rw = references.add(A, hrw, hrw, 0);
    FileHandle hro = v.open(f, OpenMode.READ);
    ro = references.add(A, hro, hro, 0);
    FileHandle hs = v.open(s, OpenMode.READ);
    inline = references.add(A, hs, hs, 0);
    socket = Files.createTempDirectory("dst").resolve("e.sock.fd");
    server = DescriptorServer.start(references, socket, Thread.ofPlatform().daemon().factory());
  }

  @AfterEach
  void tearDown() throws IOException {
    server.close();
    references.closeAll();
    engine.close();
    Files.deleteIfExists(socket.getParent());
  }

  private Reply ask(int op, long client, long handle, long position, long length) throws IOException {
    int c = UnixSockets.connect(socket, 10_000);
    try {
      return ask(c, op, client, handle, position, length);
    } finally {
      UnixSockets.close(c);
    }
  }

  private static Reply ask(int c, int op, long client, long handle, long position, long length)
      throws IOException {
    UnixSockets.send(c, DescriptorProtocol.request(op, client, handle, position, length), -1);
    byte[] header = new byte[DescriptorProtocol.RESPONSE];
    int fd = UnixSockets.receive(c, header);
    int n = DescriptorProtocol.intAt(header, 4);
    String message = "";
    if (n > 0) {
      byte[] m = new byte[n];
      UnixSockets.receive(c, m);
      message = new String(m, StandardCharsets.UTF_8);
    }
    return new Reply(DescriptorProtocol.intAt(header, 0), DescriptorProtocol.longAt(header, 8), message, fd);
  }

  private static byte[] readAll(int fd) throws IOException {
    try (FileChannel ch = FileChannel.open(Path.of("/proc/self/fd/" + fd), StandardOpenOption.READ)) {
      ByteBuffer b = ByteBuffer.allocate((int) ch.size());
      while (b.hasRemaining() && ch.read(b, b.position()) > 0) {
        // Positional reads until full.
      }
      return b.array();
    } finally {
      UnixSockets.close(fd);
    }
  }

  private static DfsException error(Reply r) {
    assertThat(r.status()).as("status of %s", r).isEqualTo(DescriptorProtocol.ERROR);
    assertThat(r.fd()).as("no descriptor with an error").isEqualTo(-1);
    return DescriptorProtocol.decodeError(r.message(), "test");
  }

  @Test
  void grant_ofAnOwnedHandle_passesTheDataFile() throws IOException {
    Reply r = ask(DescriptorProtocol.GRANT, A, rw, 0, 0);

    assertThat(r.status()).isEqualTo(DescriptorProtocol.OK);
    assertThat(r.fd()).isNotNegative();
    assertThat(readAll(r.fd())).isEqualTo(big);
  }

  @Test
  void grant_ofAHandleAnotherClientOwns_isStale_andPassesNothing() throws IOException {
    assertThat(error(ask(DescriptorProtocol.GRANT, B, rw, 0, 0)).kind()).isEqualTo(ErrorKind.STALE);
    assertThat(error(ask(DescriptorProtocol.BEGIN_WRITE, B, rw, 0, 10)).kind()).isEqualTo(ErrorKind.STALE);
    assertThat(error(ask(DescriptorProtocol.GRANT, A, 12345, 0, 0)).kind()).isEqualTo(ErrorKind.STALE);
  }

  @Test
  void grant_ofInlineData_isAbsentWithTheSize() throws IOException {
    Reply r = ask(DescriptorProtocol.GRANT, A, inline, 0, 0);

    assertThat(r.status()).isEqualTo(DescriptorProtocol.ABSENT);
    assertThat(r.value()).isEqualTo(100);
    assertThat(r.fd()).isEqualTo(-1);
  }

  @Test
  void writeBrackets_runTheEnginesChecks() throws IOException {
    DfsException e = error(ask(DescriptorProtocol.BEGIN_WRITE, A, ro, 0, 10));
    assertThat(e.kind()).isEqualTo(ErrorKind.READ_ONLY);
    assertThat(e.getMessage()).contains("open READ");
    assertThat(error(ask(DescriptorProtocol.BEGIN_WRITE, A, rw, -1, 10)).kind())
        .isEqualTo(ErrorKind.INVALID_ARGUMENT);

    assertThat(ask(DescriptorProtocol.BEGIN_WRITE, A, rw, 400_000, 10).status()).isEqualTo(DescriptorProtocol.OK);
    assertThat(ask(DescriptorProtocol.END_WRITE, A, rw, 400_000, 10).status()).isEqualTo(DescriptorProtocol.OK);
    assertThat(references.get(rw, FileHandle.class, "h").size()).isEqualTo(400_010);
  }

  @Test
  void aClientWhoseReferencesEnded_getsNothing() throws IOException {
    references.end(A);

    assertThat(error(ask(DescriptorProtocol.GRANT, A, rw, 0, 0)).kind()).isEqualTo(ErrorKind.STALE);
  }

  @Test
  void oneConnection_servesRequestsInTurn_andAnUnknownOpIsRefused() throws IOException {
    int c = UnixSockets.connect(socket, 10_000);
    try {
      for (int i = 0; i < 3; i++) {
        Reply r = ask(c, DescriptorProtocol.GRANT, A, ro, 0, 0);
        assertThat(r.status()).isEqualTo(DescriptorProtocol.OK);
        UnixSockets.close(r.fd());
      }
      assertThat(error(ask(c, 99, A, ro, 0, 0)).kind()).isEqualTo(ErrorKind.INVALID_ARGUMENT);
    } finally {
      UnixSockets.close(c);
    }
  }

  @Test
  void aConnectionWithoutTheMagicNumber_isClosed() throws IOException {
    int c = UnixSockets.connect(socket, 10_000);
    try {
      byte[] junk = new byte[DescriptorProtocol.REQUEST];
      junk[0] = 'G';
      UnixSockets.send(c, junk, -1);
      assertThatThrownBy(() -> UnixSockets.receive(c, new byte[DescriptorProtocol.RESPONSE]))
          .isInstanceOf(IOException.class).hasMessageContaining("end of stream");
    } finally {
      UnixSockets.close(c);
    }
  }

  @Test
  void aCall_onAServerWithoutCalls_isUnsupported() throws IOException {
    int c = UnixSockets.connect(socket, 10_000);
    try {
      assertThat(error(ask(c, DescriptorProtocol.CALL, A, DescriptorProtocol.GET_ATTRIBUTES, 0, 0))
          .kind()).isEqualTo(ErrorKind.UNSUPPORTED);
      // The connection goes on serving.
      assertThat(ask(c, DescriptorProtocol.GRANT, A, inline, 0, 0).status())
          .isEqualTo(DescriptorProtocol.ABSENT);
    } finally {
      UnixSockets.close(c);
    }
  }

  @Test
  void calls_refuseAnUnknownMethodAndAnUnparsableRequest_andATooLongOneEndsTheConnection()
      throws IOException {
    server.close();
    java.util.concurrent.ExecutorService executor =
        java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor();
    ServerContext ctx = new ServerContext(engine, references, executor);
    server = DescriptorServer.start(references, socket, Thread.ofPlatform().daemon().factory(),
        new QuickCalls(new BackendService(ctx), new NamespaceService(ctx),
            new SmallReadService(ctx), null));
    int c = UnixSockets.connect(socket, 10_000);
    try {
      assertThat(error(ask(c, DescriptorProtocol.CALL, A, 99, 0, 0)).kind())
          .isEqualTo(ErrorKind.INVALID_ARGUMENT);
      byte[] junk = {(byte) 0xff, (byte) 0xff, (byte) 0xff};
      UnixSockets.send(c, DescriptorProtocol.request(DescriptorProtocol.CALL, A,
          DescriptorProtocol.LOOKUP, 0, junk.length), -1);
      UnixSockets.send(c, junk, -1);
      byte[] header = new byte[DescriptorProtocol.RESPONSE];
      UnixSockets.receive(c, header);
      byte[] m = new byte[DescriptorProtocol.intAt(header, 4)];
      UnixSockets.receive(c, m);
      assertThat(DescriptorProtocol.intAt(header, 0)).isEqualTo(DescriptorProtocol.ERROR);
      assertThat(new String(m, StandardCharsets.UTF_8)).startsWith("INVALID_ARGUMENT\n")
          .contains("does not parse");
      assertThat(server.calls()).isEqualTo(2);
      // A number past an int is refused as itself, not as what it would wrap or clamp to.
      long wide = (1L << 32) | DescriptorProtocol.GET_ATTRIBUTES;
      assertThat(error(ask(c, DescriptorProtocol.CALL, A, wide, 0, 0)))
          .hasMessageContaining("method " + wide + " (expected: ")
          .extracting(DfsException::kind).isEqualTo(ErrorKind.INVALID_ARGUMENT);

      // Refused before anything is allocated for it: the connection ends.
      UnixSockets.send(c, DescriptorProtocol.request(DescriptorProtocol.CALL, A,
          DescriptorProtocol.LOOKUP, 0, DescriptorProtocol.MAX_CALL_REQUEST + 1), -1);
      assertThatThrownBy(() -> UnixSockets.receive(c, new byte[DescriptorProtocol.RESPONSE]))
          .isInstanceOf(IOException.class).hasMessageContaining("end of stream");
    } finally {
      UnixSockets.close(c);
      executor.shutdownNow();
    }
  }

  @Test
  void close_endsConnectionsAndRemovesTheSocket() throws IOException {
    int c = UnixSockets.connect(socket, 10_000);
    try {
      Reply r = ask(c, DescriptorProtocol.WATCH, A, 0, 0, 0);
      assertThat(r.status()).isEqualTo(DescriptorProtocol.OK);

      server.close();

      assertThatThrownBy(() -> UnixSockets.receive(c, new byte[1])).isInstanceOf(IOException.class);
      assertThat(socket).doesNotExist();
    } finally {
      UnixSockets.close(c);
    }
  }

}
