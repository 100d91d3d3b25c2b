package dev.estuary.smb;

import static dev.estuary.smb.testing.SmbTestServer.PASSWORD;
import static dev.estuary.smb.testing.SmbTestServer.USER;
import static dev.estuary.smb.testing.SmbTestServer.VOLUME;
import static org.assertj.core.api.Assertions.assertThat;

import com.hierynomus.msdtyp.AccessMask;
import com.hierynomus.mssmb2.SMB2CreateDisposition;
import com.hierynomus.mssmb2.SMB2Dialect;
import com.hierynomus.mssmb2.SMB2ShareAccess;
import com.hierynomus.smbj.SMBClient;
import com.hierynomus.smbj.SmbConfig;
import com.hierynomus.smbj.auth.AuthenticationContext;
import com.hierynomus.smbj.connection.Connection;
import com.hierynomus.smbj.session.Session;
import com.hierynomus.smbj.share.DiskShare;
import com.hierynomus.smbj.share.File;
import dev.estuary.dfs.FileHandle;
import dev.estuary.dfs.OpenMode;
import dev.estuary.dfs.Volume;
import dev.estuary.smb.internal.codec.Bytes;
import dev.estuary.smb.internal.codec.Ioctl;
import dev.estuary.smb.internal.codec.NetworkInterfaceInfo;
import dev.estuary.smb.testing.SmbTestServer;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.nio.ByteBuffer;
import java.util.EnumSet;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** smbj 0.14.0 against the real server, for the file FSCTLs it sends; the bytes are checked through the backend. */
class SmbjIoctlTest {
  private static SmbTestServer server;

  @BeforeAll
  static void start() throws Exception {
    server = new SmbTestServer();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static byte[] backendBytes(String path) {
    Volume v = server.services().dfs().volume(VOLUME);
    try (FileHandle h = v.open(v.resolve(path, false).id(), OpenMode.READ)) {
      ByteBuffer b = ByteBuffer.allocate((int) h.size());
      while (b.hasRemaining() && h.read(b.position(), b) > 0) {
        // until full
      }
      return b.array();
    }
  }

  private static File create(DiskShare share, String path) {
    return share.openFile(path, EnumSet.of(AccessMask.GENERIC_READ, AccessMask.GENERIC_WRITE, AccessMask.DELETE),
        null, SMB2ShareAccess.ALL, SMB2CreateDisposition.FILE_CREATE, null);
  }

  /**
   * File.remoteCopyTo: SRV_REQUEST_RESUME_KEY on the source, then SRV_COPYCHUNK requests of up to 16 chunks
   * of 1 MiB on the destination; a file over 16 MiB takes two requests.
   */
  @Test
  void remoteCopyToCopiesTheWholeFileServerSide() throws Exception {
    byte[] data = new byte[(17 << 20) + 123];
    new SplittableRandom(7).nextBytes(data);
    SmbConfig config = SmbConfig.builder().withDialects(SMB2Dialect.SMB_3_1_1).withSigningRequired(true)
        .withDfsEnabled(false).withMultiProtocolNegotiate(false).withTimeout(60, TimeUnit.SECONDS)
        .withWriteBufferSize(1 << 20).build();
    try (SMBClient client = new SMBClient(config); Connection c = client.connect("127.0.0.1", server.port())) {
      Session s = c.authenticate(new AuthenticationContext(USER, PASSWORD.toCharArray(), "WORKGROUP"));
      try (DiskShare share = (DiskShare) s.connectShare(VOLUME)) {
        try (File src = create(share, "copy-src.bin"); File dst = create(share, "copy-dst.bin")) {
          src.write(data, 0);
          src.remoteCopyTo(dst);
        }
      }
    }
    assertThat(backendBytes("copy-dst.bin")).isEqualTo(data);
  }

  /** FSCTL_QUERY_NETWORK_INTERFACE_INFO on the share's all-ones FileId: the test server listens on 127.0.0.1. */
  @Test
  void networkInterfaceInfoNamesTheLoopbackAddressTheServerListensOn() throws Exception {
    SmbConfig config = SmbConfig.builder().withDialects(SMB2Dialect.SMB_3_1_1).withSigningRequired(true)
        .withDfsEnabled(false).withMultiProtocolNegotiate(false).withTimeout(30, TimeUnit.SECONDS).build();
    byte[] out;
    try (SMBClient client = new SMBClient(config); Connection c = client.connect("127.0.0.1", server.port())) {
      Session s = c.authenticate(new AuthenticationContext(USER, PASSWORD.toCharArray(), "WORKGROUP"));
      try (DiskShare share = (DiskShare) s.connectShare(VOLUME)) {
        out = share.ioctl(Ioctl.FSCTL_QUERY_NETWORK_INTERFACE_INFO, true, new byte[0]);
      }
    }
    List<NetworkInterfaceInfo> entries = NetworkInterfaceInfo.decodeAll(Bytes.of(out));
    InetAddress lo = InetAddress.getByName("127.0.0.1");
    assertThat(entries).containsExactly(new NetworkInterfaceInfo(NetworkInterface.getByInetAddress(lo).getIndex(), 0,
        entries.getFirst().linkSpeed(), lo));
  }
}
