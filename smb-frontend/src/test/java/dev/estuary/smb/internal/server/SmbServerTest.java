package dev.estuary.smb.internal.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.estuary.smb.internal.codec.Bytes;
import dev.estuary.smb.internal.codec.Negotiate;
import dev.estuary.smb.internal.codec.SimpleMessages;
import dev.estuary.smb.internal.codec.Smb2Header;
import dev.estuary.smb.internal.codec.SmbCommand;
import dev.estuary.smb.internal.codec.SmbMessage;
import dev.estuary.smb.internal.codec.SmbMessages;
import dev.estuary.smb.testing.SmbTestServer;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The listener over a real socket with hand-made frames (no client sends these on purpose): protocol
 * violations close the connection, and a burst of pipelined requests larger than the per-connection
 * queue is answered completely and in order while reading pauses and resumes.
 */
class SmbServerTest {
  private static SmbTestServer server;

  @BeforeAll
  static void start() throws Exception {
    server = new SmbTestServer();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static byte[] frame(Smb2Header h, SmbMessage body) {
    ByteBuf b = Unpooled.buffer();
    SmbMessages.encode(b, h, body);
    ByteBuf f = Unpooled.buffer();
    f.writeByte(0).writeMedium(b.readableBytes()).writeBytes(b);
    return ByteBufUtil.getBytes(f);
  }

  private static Smb2Header header(SmbCommand c, long messageId, int credits) {
    return new Smb2Header(1, 0, c.code(), credits, 0, 0, messageId, 0, 0, 0, 0, Bytes.zeros(16));
  }

  private static byte[] readFrame(DataInputStream in) throws IOException {
    int len = in.readInt();
    assertThat(len >>> 24).isZero();
    byte[] b = new byte[len];
    in.readFully(b);
    return b;
  }

  private static boolean closedByServer(InputStream in) throws IOException {
    return in.read() == -1;
  }

  @Test
  void aRequestBeforeNegotiateClosesTheConnection() throws Exception {
    try (Socket s = new Socket("127.0.0.1", server.port())) {
      s.setSoTimeout(20_000);
      s.getOutputStream().write(frame(header(SmbCommand.ECHO, 0, 1), new SimpleMessages.Empty(SmbCommand.ECHO)));
      assertThat(closedByServer(s.getInputStream())).isTrue();
    }
  }

  @Test
  void aFrameLongerThanTheCapClosesTheConnectionBeforeItArrives() throws Exception {
    try (Socket s = new Socket("127.0.0.1", server.port())) {
      s.setSoTimeout(20_000);
      s.getOutputStream().write(new byte[] {0, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF});
      assertThat(closedByServer(s.getInputStream())).isTrue();
    }
  }

  @Test
  void aPipelinedBurstBeyondTheQueueIsAnsweredInOrder() throws Exception {
    int n = 5 * server.services().settings().maxQueuedFrames();
    try (Socket s = new Socket("127.0.0.1", server.port())) {
      s.setSoTimeout(20_000);
      DataInputStream in = new DataInputStream(s.getInputStream());
      Negotiate.Request neg = new Negotiate.Request(1, 0, Bytes.zeros(16), List.of(Negotiate.SMB_2_1), List.of());
      s.getOutputStream().write(frame(header(SmbCommand.NEGOTIATE, 0, n), neg));
      Smb2Header r = Smb2Header.decode(Unpooled.wrappedBuffer(readFrame(in)), 0, 64);
      assertThat(r.credits()).isEqualTo(n);
      ByteArrayOutputStream burst = new ByteArrayOutputStream();
      for (int i = 1; i <= n; i++) {
        burst.write(frame(header(SmbCommand.ECHO, i, 1), new SimpleMessages.Empty(SmbCommand.ECHO)));
      }
      s.getOutputStream().write(burst.toByteArray());
      for (int i = 1; i <= n; i++) {
        Smb2Header h = Smb2Header.decode(Unpooled.wrappedBuffer(readFrame(in)), 0, 64);
        assertThat(h.messageId()).isEqualTo(i);
        assertThat(h.status()).isZero();
      }
      // Reusing an id answered above breaks the window: the server drops the connection.
      s.getOutputStream().write(frame(header(SmbCommand.ECHO, 3, 1), new SimpleMessages.Empty(SmbCommand.ECHO)));
      assertThat(closedByServer(in)).isTrue();
    }
  }

  @Test
  void connectionsPastTheLimitAreClosedOnAccept() throws Exception {
    awaitConnections(0);
    List<Socket> open = new java.util.ArrayList<>();
    try {
      for (int i = 0; i < SmbTestServer.MAX_CONNECTIONS; i++) {
        Socket s = new Socket("127.0.0.1", server.port());
        s.setSoTimeout(20_000);
        open.add(s);
      }
      awaitConnections(SmbTestServer.MAX_CONNECTIONS);
      try (Socket extra = new Socket("127.0.0.1", server.port())) {
        extra.setSoTimeout(20_000);
        assertThat(closedByServer(extra.getInputStream())).isTrue();
      }
      // The ones within the limit are served.
      Negotiate.Request neg = new Negotiate.Request(1, 0, Bytes.zeros(16), List.of(Negotiate.SMB_2_1), List.of());
      open.get(0).getOutputStream().write(frame(header(SmbCommand.NEGOTIATE, 0, 1), neg));
      assertThat(readFrame(new DataInputStream(open.get(0).getInputStream())).length).isGreaterThan(64);
    } finally {
      for (Socket s : open) {
        s.close();
      }
    }
  }

  /** Waits (bounded) until the server has noticed connections opening or closing. */
  private static void awaitConnections(int n) throws InterruptedException {
    long deadline = System.nanoTime() + 20_000_000_000L;
    while (server.connectionCount() != n) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("connections: " + server.connectionCount() + " (expected: " + n + ")");
      }
      Thread.onSpinWait();
      Thread.yield();
    }
  }
}
