package dev.estuary.smb.internal.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.estuary.core.RequestMetrics;
import dev.estuary.smb.internal.codec.Negotiate;
import dev.estuary.smb.internal.codec.NtStatus;
import dev.estuary.smb.internal.codec.Smb2Header;
import dev.estuary.smb.testing.RawClient;
import dev.estuary.smb.testing.SmbTestServer;
import io.netty.buffer.Unpooled;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The SMB1 multi-protocol NEGOTIATE as smbclient 4.17.12 really sends it with NT1 allowed (golden bytes in
 * codec/golden-smb1-probes.txt), answered per [MS-SMB2] 3.3.5.3.1: "SMB 2.???" offered → an SMB2 NEGOTIATE
 * response with DialectRevision 0x02FF, after which the client's SMB2 NEGOTIATE (MessageId 1) picks the dialect;
 * only "SMB 2.002" → 0x0202 and the connection is negotiated; no SMB2 dialect → the connection is dropped.
 */
class Smb1GoldenProbeTest {
  private static SmbTestServer server;
  private static Map<String, byte[]> probes;
  private RawClient client;

  @BeforeAll
  static void start() throws Exception {
    server = new SmbTestServer();
    probes = new LinkedHashMap<>();
    try (InputStream in = Smb1GoldenProbeTest.class.getResourceAsStream(
        "/dev/estuary/smb/internal/codec/golden-smb1-probes.txt")) {
      for (String line : new String(in.readAllBytes(), StandardCharsets.US_ASCII).split("\n")) {
        if (!line.isBlank() && !line.startsWith("#")) {
          String[] f = line.split(" ");
          probes.put(f[0], HexFormat.of().parseHex(f[1]));
        }
      }
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @BeforeEach
  void connect() {
    client = new RawClient(new Dispatcher(server.services(), new RequestMetrics(server.registry(), "smb")));
  }

  @Test
  void smbclientProbeOfferingSmb2Wildcard_isAnswered02FfThenSmb311SessionWorks() throws Exception {
    double before = server.count("SMB1_NEGOTIATE", "STATUS_SUCCESS");
    List<RawClient.Reply> r = client.send(Unpooled.wrappedBuffer(probes.get("SMB3")));
    assertThat(r).hasSize(1);
    Smb2Header h = r.getFirst().header();
    assertThat(h.isResponse()).isTrue();
    assertThat(h.status()).isEqualTo(NtStatus.SUCCESS.code());
    assertThat(h.messageId()).isZero();
    Negotiate.Response n = (Negotiate.Response) r.getFirst().body();
    assertThat(n.dialectRevision()).isEqualTo(Negotiate.SMB_2_WILDCARD);
    // 3.3.5.3.1: SecurityMode has SIGNING_ENABLED (and this server requires signing).
    assertThat(n.securityMode() & Negotiate.SIGNING_ENABLED).isNotZero();
    assertThat(server.count("SMB1_NEGOTIATE", "STATUS_SUCCESS")).isEqualTo(before + 1);

    client.nextMessageId(1);
    assertThat(((Negotiate.Response) client.negotiate(Negotiate.SMB_2_0_2, Negotiate.SMB_2_1, Negotiate.SMB_3_0,
        Negotiate.SMB_3_0_2, Negotiate.SMB_3_1_1).body()).dialectRevision()).isEqualTo(Negotiate.SMB_3_1_1);
    assertThat(client.authenticate(SmbTestServer.USER, SmbTestServer.PASSWORD).status()).isZero();
    assertThat(client.treeConnect(SmbTestServer.VOLUME).status()).isZero();
  }

  @Test
  void smbclientProbeOfferingOnlySmb2002_negotiates0202() throws Exception {
    List<RawClient.Reply> r = client.send(Unpooled.wrappedBuffer(probes.get("SMB2_02")));
    assertThat(r).hasSize(1);
    Negotiate.Response n = (Negotiate.Response) r.getFirst().body();
    assertThat(n.dialectRevision()).isEqualTo(Negotiate.SMB_2_0_2);
    // The connection is negotiated: a second NEGOTIATE is a protocol violation that drops it (3.3.5.3.1).
    client.nextMessageId(1);
    assertThat(client.send(Unpooled.wrappedBuffer(probes.get("SMB2_02")))).isNull();
  }

  @Test
  void smbclientProbeWithoutSmb2_dropsTheConnection() throws Exception {
    assertThat(client.send(Unpooled.wrappedBuffer(probes.get("NT1")))).isNull();
  }
}
