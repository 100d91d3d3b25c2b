package dev.estuary.smb;

import static dev.estuary.smb.testing.SmbTestServer.PASSWORD;
import static dev.estuary.smb.testing.SmbTestServer.USER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.hierynomus.msdtyp.AccessMask;
import com.hierynomus.mssmb2.SMB2CreateDisposition;
import com.hierynomus.mssmb2.SMB2Dialect;
import com.hierynomus.mssmb2.SMB2FileId;
import com.hierynomus.mssmb2.SMB2ImpersonationLevel;
import com.hierynomus.mssmb2.SMB2ShareAccess;
import com.hierynomus.mssmb2.messages.SMB2ReadResponse;
import com.hierynomus.smbj.SMBClient;
import com.hierynomus.smbj.SmbConfig;
import com.hierynomus.smbj.auth.AuthenticationContext;
import com.hierynomus.smbj.connection.Connection;
import com.hierynomus.smbj.session.Session;
import com.hierynomus.smbj.share.NamedPipe;
import com.hierynomus.smbj.share.PipeShare;
import com.hierynomus.smbj.share.Share;
import dev.estuary.smb.internal.rpc.RpcPdu;
import dev.estuary.smb.internal.rpc.SyntaxId;
import dev.estuary.smb.testing.SmbTestServer;
import java.lang.reflect.Method;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * smbj 0.14.0 on the srvsvc pipe: CREATE on IPC$, FSCTL_PIPE_TRANSCEIVE of a BIND, a READ of the empty
 * pipe that goes async (smbj takes the interim response and waits for the final one, signed) and
 * completes when a WRITE produces an answer, and a pending READ cancelled by smbj's SMB2 CANCEL. smbj
 * keeps its asynchronous read package-private; the test calls it by reflection, since the blocking read
 * could not show that the request was on the wire before the write that answers it.
 */
class SmbjPipeTest {
  private static SmbTestServer server;

  @BeforeAll
  static void start() throws Exception {
    server = new SmbTestServer();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static byte[] bind(int callId) {
    return new RpcPdu.Bind(callId, false, 3, 4280, 4280, 0, List.of(new RpcPdu.Context(0, SyntaxId.SRVSVC,
        List.of(SyntaxId.NDR))), 0).encode();
  }

  private static PipeShare ipc(Session s) {
    Share ipc = s.connectShare("IPC$");
    assertThat(ipc).isInstanceOf(PipeShare.class);
    return (PipeShare) ipc;
  }

  private static NamedPipe open(PipeShare ipc) {
    return ipc.open("srvsvc", SMB2ImpersonationLevel.Impersonation,
        EnumSet.of(AccessMask.GENERIC_READ, AccessMask.GENERIC_WRITE), null, SMB2ShareAccess.ALL,
        SMB2CreateDisposition.FILE_OPEN, null);
  }

  @SuppressWarnings("unchecked")
  private static Future<SMB2ReadResponse> readAsync(PipeShare ipc, NamedPipe pipe, int length) throws Exception {
    Method m = Share.class.getDeclaredMethod("readAsync", SMB2FileId.class, long.class, int.class);
    m.setAccessible(true);
    return (Future<SMB2ReadResponse>) m.invoke(ipc, pipe.getFileId(), 0L, length);
  }

  private static Session session(SMBClient client, Connection c) {
    return c.authenticate(new AuthenticationContext(USER, PASSWORD.toCharArray(), "WORKGROUP"));
  }

  private static SMBClient client(boolean encrypt) {
    return new SMBClient(SmbConfig.builder().withDialects(SMB2Dialect.SMB_3_1_1).withSigningRequired(true)
        .withEncryptData(encrypt).withDfsEnabled(false).withMultiProtocolNegotiate(false)
        .withTimeout(20, TimeUnit.SECONDS).build());
  }

  @Test
  void transceiveCarriesTheBind() throws Exception {
    try (SMBClient client = client(false); Connection c = client.connect("127.0.0.1", server.port())) {
      try (NamedPipe pipe = open(ipc(session(client, c)))) {
        byte[] ack = pipe.transact(bind(1));
        assertThat(ack[2]).isEqualTo((byte) RpcPdu.BIND_ACK);
      }
    }
  }

  @Test
  void aReadOfTheEmptyPipeGoesAsyncAndCompletesWhenAWriteAnswers() throws Exception {
    for (boolean encrypt : new boolean[] {false, true}) {
      try (SMBClient client = client(encrypt); Connection c = client.connect("127.0.0.1", server.port())) {
        PipeShare ipc = ipc(session(client, c));
        try (NamedPipe pipe = open(ipc)) {
          Future<SMB2ReadResponse> pending = readAsync(ipc, pipe, 4280);
          pipe.write(bind(7));
          SMB2ReadResponse r = pending.get(20, TimeUnit.SECONDS);
          assertThat(r.getHeader().getAsyncId()).isNotZero();
          assertThat(r.getData()[2]).isEqualTo((byte) RpcPdu.BIND_ACK);
        }
      }
    }
  }

  @Test
  void smbjCancelsAPendingRead() throws Exception {
    double cancelled = server.count("READ", "STATUS_CANCELLED");
    try (SMBClient client = client(false); Connection c = client.connect("127.0.0.1", server.port())) {
      PipeShare ipc = ipc(session(client, c));
      try (NamedPipe pipe = open(ipc)) {
        Future<SMB2ReadResponse> pending = readAsync(ipc, pipe, 4280);
        // The cancel can only reach the server once the READ is pending there: smbj sends CANCEL with the
        // AsyncId of the interim response, or with the MessageId before it has one.
        assertThat(pending.cancel(true)).isTrue();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (server.count("READ", "STATUS_CANCELLED") == cancelled && System.nanoTime() < deadline) {
          java.util.concurrent.locks.LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
        }
        assertThat(server.count("READ", "STATUS_CANCELLED")).isEqualTo(cancelled + 1);
        // The pipe is still usable: the cancelled read took nothing.
        assertThat(pipe.transact(bind(2))[2]).isEqualTo((byte) RpcPdu.BIND_ACK);
      }
    }
  }

  @Test
  void otherPipesAreNotFound() throws Exception {
    try (SMBClient client = client(false); Connection c = client.connect("127.0.0.1", server.port())) {
      PipeShare ipc = (PipeShare) session(client, c).connectShare("IPC$");
      assertThatThrownBy(() -> ipc.open("lsarpc", SMB2ImpersonationLevel.Impersonation,
          EnumSet.of(AccessMask.GENERIC_READ), null, SMB2ShareAccess.ALL, SMB2CreateDisposition.FILE_OPEN, null))
          .hasMessageContaining("STATUS_OBJECT_NAME_NOT_FOUND");
    }
  }
}
