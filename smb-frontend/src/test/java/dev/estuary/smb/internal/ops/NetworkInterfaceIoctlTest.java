package dev.estuary.smb.internal.ops;

import static org.assertj.core.api.Assertions.assertThat;

import dev.estuary.core.Principal;
import dev.estuary.smb.internal.codec.Bytes;
import dev.estuary.smb.internal.codec.FileId;
import dev.estuary.smb.internal.codec.Ioctl;
import dev.estuary.smb.internal.codec.Negotiate;
import dev.estuary.smb.internal.codec.NetworkInterfaceInfo;
import dev.estuary.smb.internal.codec.NtStatus;
import dev.estuary.smb.internal.state.ConnectionState;
import dev.estuary.smb.internal.state.SessionState;
import dev.estuary.smb.internal.state.TreeState;
import dev.estuary.smb.testing.SmbTestServer;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** FSCTL_QUERY_NETWORK_INTERFACE_INFO ([MS-SMB2] 3.3.5.15.11) through {@link IoctlHandler}. */
class NetworkInterfaceIoctlTest {
  private static SmbTestServer server;
  private static IoctlHandler handler;

  @BeforeAll
  static void start() throws Exception {
    server = new SmbTestServer();
    handler = new IoctlHandler(server.services());
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static SmbReply query(SmbHandler h, ConnectionState c, int maxOut) throws Exception {
    SessionState s = HandlerFixture.session(c, new Principal("alice", 1000, 1000, false, Map.of()));
    TreeState ipc = new TreeState(1, "IPC$", null, 0, false);
    return h.handle(HandlerFixture.request(c, new Ioctl.Request(Ioctl.FSCTL_QUERY_NETWORK_INTERFACE_INFO,
        FileId.RELATED, Bytes.EMPTY, 0, Bytes.EMPTY, maxOut, Ioctl.IS_FSCTL), s, ipc));
  }

  private static ConnectionState listening(String address) throws Exception {
    ConnectionState c = HandlerFixture.negotiated(Negotiate.SMB_3_1_1, null);
    c.listenAddress(new InetSocketAddress(InetAddress.getByName(address), 445));
    return c;
  }

  /** smbtorture smb2.ioctl.bug14788.NETWORK_INTERFACE: the FSCTL takes no input; a buffer is refused. */
  @Test
  void aRequestWithAnInputBufferIsInvalidParameter() throws Exception {
    ConnectionState c = listening("127.0.0.1");
    SessionState s = HandlerFixture.session(c, new Principal("alice", 1000, 1000, false, Map.of()));
    TreeState ipc = new TreeState(1, "IPC$", null, 0, false);
    SmbReply r = handler.handle(HandlerFixture.request(c, new Ioctl.Request(
        Ioctl.FSCTL_QUERY_NETWORK_INTERFACE_INFO, FileId.RELATED, Bytes.hex("00112233"), 0, Bytes.EMPTY, 65536,
        Ioctl.IS_FSCTL), s, ipc));
    assertThat(r.status()).isEqualTo(NtStatus.INVALID_PARAMETER);
    assertThat(query(handler, c, 65536).status()).isEqualTo(NtStatus.SUCCESS);
  }

  @Test
  void aLoopbackBoundServerReportsTheLoopbackAddressAndItsInterface() throws Exception {
    SmbReply r = query(handler, listening("127.0.0.1"), 65536);
    assertThat(r.status()).isEqualTo(NtStatus.SUCCESS);
    Bytes out = ((Ioctl.Response) r.body()).output();
    assertThat(out.length()).isEqualTo(NetworkInterfaceInfo.SIZE);
    NetworkInterfaceInfo e = NetworkInterfaceInfo.decodeAll(out).getFirst();
    InetAddress lo = InetAddress.getByName("127.0.0.1");
    assertThat(e.address()).isEqualTo(lo);
    assertThat(e.ifIndex()).isEqualTo(NetworkInterface.getByInetAddress(lo).getIndex());
    assertThat(e.capability()).as("no RSS, no RDMA").isZero();
    assertThat(e.linkSpeed()).isPositive();
    // Family InterNetwork, port 0, then the address in network order.
    assertThat(Bytes.of(java.util.Arrays.copyOfRange(out.toArray(), 24, 32)).toHex()).isEqualTo("020000007f000001");
  }

  @Test
  void aSmallOutputBufferOrNoListenerIsRefused() throws Exception {
    assertThat(query(handler, listening("127.0.0.1"), NetworkInterfaceInfo.SIZE - 1).status())
        .isEqualTo(NtStatus.BUFFER_TOO_SMALL);
    assertThat(query(handler, HandlerFixture.negotiated(Negotiate.SMB_3_1_1, null), 65536).status())
        .isEqualTo(NtStatus.NOT_SUPPORTED);
  }

  @Test
  void linkSpeedComesFromTheKernelOrDefaultsToOneGigabit(@TempDir Path sys) throws Exception {
    InetAddress lo = InetAddress.getByName("127.0.0.1");
    String name = NetworkInterface.getByInetAddress(lo).getName();
    NetworkInterfaceFsctl f = new NetworkInterfaceFsctl(sys);
    assertThat(f.entries(lo).getFirst().linkSpeed()).isEqualTo(NetworkInterfaceFsctl.DEFAULT_LINK_SPEED);
    Files.createDirectories(sys.resolve(name));
    Files.writeString(sys.resolve(name).resolve("speed"), "10000\n");
    assertThat(f.entries(lo).getFirst().linkSpeed()).isEqualTo(10_000_000_000L);
  }

  @Test
  void aWildcardServerReportsTheIpv4AddressesOfItsUpInterfacesWithoutLoopback() throws Exception {
    List<NetworkInterfaceInfo> all = new NetworkInterfaceFsctl().entries(InetAddress.getByName("0.0.0.0"));
    assertThat(all).allSatisfy(e -> {
      assertThat(e.address()).isInstanceOf(Inet4Address.class);
      assertThat(e.address().isLoopbackAddress()).isFalse();
    });
    for (NetworkInterface nif : Collections.list(NetworkInterface.getNetworkInterfaces())) {
      if (nif.isUp() && !nif.isLoopback()) {
        for (InetAddress a : Collections.list(nif.getInetAddresses())) {
          if (a instanceof Inet4Address) {
            assertThat(all).contains(new NetworkInterfaceInfo(nif.getIndex(), 0,
                all.stream().filter(e -> e.address().equals(a)).findFirst().orElseThrow().linkSpeed(), a));
          }
        }
      }
    }
  }
}
