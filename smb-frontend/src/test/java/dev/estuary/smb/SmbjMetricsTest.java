package dev.estuary.smb;

import static dev.estuary.smb.testing.SmbTestServer.PASSWORD;
import static dev.estuary.smb.testing.SmbTestServer.USER;
import static dev.estuary.smb.testing.SmbTestServer.VOLUME;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.hierynomus.msdtyp.AccessMask;
import com.hierynomus.msfscc.fileinformation.FileBasicInformation;
import com.hierynomus.msfscc.fileinformation.FileStandardInformation;
import com.hierynomus.mssmb2.SMB2CompletionFilter;
import com.hierynomus.mssmb2.SMB2CreateDisposition;
import com.hierynomus.mssmb2.SMB2Dialect;
import com.hierynomus.mssmb2.SMB2ShareAccess;
import com.hierynomus.mssmb2.SMBApiException;
import com.hierynomus.mssmb2.messages.SMB2ChangeNotifyResponse;
import com.hierynomus.mssmb2.messages.SMB2Echo;
import com.hierynomus.smbj.SMBClient;
import com.hierynomus.smbj.SmbConfig;
import com.hierynomus.smbj.auth.AuthenticationContext;
import com.hierynomus.smbj.connection.Connection;
import com.hierynomus.smbj.session.Session;
import com.hierynomus.smbj.share.Directory;
import com.hierynomus.smbj.share.DiskShare;
import com.hierynomus.smbj.share.File;
import dev.estuary.smb.testing.SmbTestServer;
import io.micrometer.core.instrument.Timer;
import java.nio.ByteBuffer;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Every SMB2 command smbj sends is counted and timed in the shared request metrics ({@code
 * estuary.smb.requests} / {@code estuary.smb.request.duration}, tags {@code op} and {@code status}), with the
 * status the client got: successes, an error, an async request's final status, and CANCEL (which has no
 * response) by what it did.
 */
class SmbjMetricsTest {
  private SmbTestServer server;

  @BeforeEach
  void start() throws Exception {
    server = new SmbTestServer();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void everyCommandIsCountedAndTimedWithItsStatus() throws Exception {
    try (SMBClient client = new SMBClient(SmbConfig.builder().withDialects(SMB2Dialect.SMB_3_1_1)
        .withSigningRequired(true).withDfsEnabled(false).withMultiProtocolNegotiate(false)
        .withTimeout(30, TimeUnit.SECONDS).build());
        Connection c = client.connect("127.0.0.1", server.port())) {
      Session s = c.authenticate(new AuthenticationContext(USER, PASSWORD.toCharArray(), "WORKGROUP"));
      c.send(new SMB2Echo(SMB2Dialect.SMB_3_1_1)).get(30, TimeUnit.SECONDS);
      try (DiskShare d = (DiskShare) s.connectShare(VOLUME)) {
        d.mkdir("metered");
        try (File f = d.openFile("metered\\a.bin", EnumSet.of(AccessMask.GENERIC_ALL), null, SMB2ShareAccess.ALL,
            SMB2CreateDisposition.FILE_CREATE, null)) {
          f.write(new byte[4096], 0);
          f.flush();
          assertThat(f.read(new byte[4096], 0)).isEqualTo(4096);
          assertThat(f.getFileInformation(FileStandardInformation.class).getEndOfFile()).isEqualTo(4096);
          FileBasicInformation b = f.getFileInformation(FileBasicInformation.class);
          f.setFileInformation(new FileBasicInformation(b.getCreationTime(), b.getLastAccessTime(),
              b.getLastWriteTime(), b.getChangeTime(), 0x20));
          f.requestLock().exclusiveLock(0, 10, true).send();
          // FSCTL_QUERY_ALLOCATED_RANGES ([MS-FSCC] 2.3.41) over the first 4 KiB.
          ByteBuffer in = ByteBuffer.allocate(16).order(java.nio.ByteOrder.LITTLE_ENDIAN).putLong(0).putLong(4096);
          assertThat(f.ioctl(0x000940CF, true, in.array(), 0, 16, 1024)).hasSize(16);
        }
        assertThat(d.list("metered")).isNotEmpty();
        assertThatThrownBy(() -> d.openFile("metered\\missing", EnumSet.of(AccessMask.GENERIC_READ), null,
            SMB2ShareAccess.ALL, SMB2CreateDisposition.FILE_OPEN, null)).isInstanceOf(SMBApiException.class);
        try (Directory dir = d.openDirectory("metered", EnumSet.of(AccessMask.GENERIC_READ), null, SMB2ShareAccess.ALL,
            SMB2CreateDisposition.FILE_OPEN, null)) {
          // CHANGE_NOTIFY goes async; smbj's cancel sends CANCEL, which ends it with STATUS_CANCELLED.
          Future<SMB2ChangeNotifyResponse> watch = dir.watchAsync(EnumSet.of(SMB2CompletionFilter.FILE_NOTIFY_CHANGE_FILE_NAME),
              false);
          awaitCount("CHANGE_NOTIFY", "STATUS_PENDING", 0); // nothing counted while pending
          watch.cancel(true);
          awaitCount("CHANGE_NOTIFY", "STATUS_CANCELLED", 1);
          awaitCount("CANCEL", "STATUS_SUCCESS", 1);
        }
      }
      s.logoff();
    }
    for (String op : List.of("NEGOTIATE", "SESSION_SETUP", "ECHO", "TREE_CONNECT", "CREATE", "WRITE", "FLUSH", "READ",
        "QUERY_INFO", "SET_INFO", "LOCK", "IOCTL", "QUERY_DIRECTORY", "CLOSE", "TREE_DISCONNECT", "LOGOFF")) {
      assertThat(server.count(op, "STATUS_SUCCESS")).as(op).isPositive();
      Timer t = server.registry().find("estuary.smb.request.duration").tag("op", op).tag("status", "STATUS_SUCCESS")
          .timer();
      assertThat(t).as(op).isNotNull();
      assertThat(t.count()).as(op).isEqualTo((long) server.count(op, "STATUS_SUCCESS"));
    }
    // SESSION_SETUP's first leg, and the failed open, with the statuses the client saw.
    assertThat(server.count("SESSION_SETUP", "STATUS_MORE_PROCESSING_REQUIRED")).isPositive();
    assertThat(server.count("CREATE", "STATUS_OBJECT_NAME_NOT_FOUND")).isEqualTo(1);
    assertThat(server.count("CHANGE_NOTIFY", "STATUS_PENDING")).isZero();
  }

  private void awaitCount(String op, String status, double expected) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (server.count(op, status) != expected) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError(op + " " + status + ": " + server.count(op, status) + " (expected: " + expected + ")");
      }
      Thread.sleep(10);
    }
  }
}
