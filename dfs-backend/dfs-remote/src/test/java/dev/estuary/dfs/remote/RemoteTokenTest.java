package dev.estuary.dfs.remote;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.estuary.dfs.DfsException;
import dev.estuary.dfs.ErrorKind;
import dev.estuary.dfs.VolumeInfo;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** TCP with TLS: refused without the node token or with a wrong one, served with it. */
class RemoteTokenTest {
  @TempDir Path dir;

  @Test
  void tcpListener_refusesCallsWithoutTheRightToken() throws Exception {
    TestCerts certs = new TestCerts(dir);
    try (ServedEngine e = new ServedEngine(dir, d -> d, b -> b.tcp(
        new InetSocketAddress("127.0.0.1", 0), certs.certificate, certs.key, "s3cret-node-token"))) {
      int port = e.server.addresses().stream()
          .filter(InetSocketAddress.class::isInstance).map(InetSocketAddress.class::cast)
          .findFirst().orElseThrow().getPort();
      RemoteEndpoint tcp = RemoteEndpoint.tcp("127.0.0.1", port);
      RemoteOptions trusting = RemoteOptions.DEFAULTS.withDeadline(Duration.ofSeconds(10))
          .withTrustCertificates(certs.certificate);

      for (RemoteOptions bad : new RemoteOptions[] {trusting, trusting.withToken("wrong")}) {
        assertThatThrownBy(() -> RemoteDfs.connect(tcp, bad).close())
            .isInstanceOfSatisfying(DfsException.class, ex -> {
              assertThat(ex.kind()).isEqualTo(ErrorKind.ACCESS_DENIED);
              assertThat(ex.getMessage()).contains("node token").contains(tcp.toString());
            });
      }
      try (RemoteDfs ok = RemoteDfs.connect(tcp, trusting.withToken("s3cret-node-token"))) {
        assertThat(ok.listVolumes()).extracting(VolumeInfo::name).containsExactly(ServedEngine.VOLUME);
      }
      // The unix socket needs no token: its file mode is the access control.
      assertThat(e.connect().listVolumes()).hasSize(1);
    }
  }
}
