package dev.estuary.smb.internal.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.estuary.core.RequestMetrics;
import dev.estuary.smb.internal.codec.CodecLimits;
import dev.estuary.smb.internal.codec.Negotiate;
import dev.estuary.smb.internal.codec.NtStatus;
import dev.estuary.smb.internal.codec.SmbCommand;
import dev.estuary.smb.internal.codec.TreeConnect;
import dev.estuary.smb.internal.ops.ServerServices;
import dev.estuary.smb.internal.state.SmbSettings;
import dev.estuary.smb.testing.RawClient;
import dev.estuary.smb.testing.SmbTestServer;
import io.netty.buffer.ByteBuf;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A server configured not to require signing ([MS-SMB2] 3.3.1.5 RequireMessageSigning false): NEGOTIATE
 * says so, a client that does not require signing may send unsigned requests and gets unsigned answers,
 * signed requests are still verified and answered signed, and the session setup that establishes the
 * session is signed.
 */
class SigningOptionalTest {
  private static SmbTestServer server;
  private static ServerServices optional;

  @BeforeAll
  static void start() throws Exception {
    server = new SmbTestServer();
    ServerServices s = server.services();
    SmbSettings d = s.settings();
    SmbSettings settings = new SmbSettings(d.serverGuid(), d.names(), CodecLimits.DEFAULT, d.maxConnections(),
        d.maxCredits(), d.maxSessions(), d.maxTrees(), d.maxQueuedFrames(), Set.of(), d.maxOpens(), false, false);
    optional = ServerServices.of(s.identity(), s.access(), s.dfs(), s.clock(), s.random(), settings);
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static RawClient session(int dialect) throws Exception {
    RawClient c = new RawClient(new Dispatcher(optional, new RequestMetrics(server.registry(), "smb")));
    Negotiate.Response n = (Negotiate.Response) c.negotiate(dialect).body();
    assertThat(n.securityMode()).isEqualTo(Negotiate.SIGNING_ENABLED);
    RawClient.Reply r = c.authenticate(SmbTestServer.USER, SmbTestServer.PASSWORD);
    assertThat(r.status()).isZero();
    assertThat(r.header().isSigned()).isTrue();
    return c;
  }

  @Test
  void unsignedRequestsAreServedUnsignedAndSignedOnesSigned() throws Exception {
    for (int dialect : List.of(Negotiate.SMB_2_1, Negotiate.SMB_3_0, Negotiate.SMB_3_1_1)) {
      RawClient c = session(dialect);
      RawClient.Reply plain = c.call(c.header(SmbCommand.TREE_CONNECT, 0),
          new TreeConnect.Request(0, "\\\\h\\" + SmbTestServer.VOLUME), false);
      assertThat(plain.status()).isZero();
      assertThat(plain.header().isSigned()).isFalse();
      RawClient.Reply signed = c.treeConnect(SmbTestServer.VOLUME);
      assertThat(signed.status()).isZero();
      assertThat(signed.header().isSigned()).isTrue();
      assertThat(c.signer().verify(c.lastResponse(), 0, c.lastResponse().readableBytes())).isTrue();
    }
  }

  @Test
  void aSignedRequestThatDoesNotVerifyIsStillRefused() throws Exception {
    RawClient c = session(Negotiate.SMB_3_1_1);
    ByteBuf f = c.frame(List.of(c.header(SmbCommand.TREE_CONNECT, 0)),
        List.of(new TreeConnect.Request(0, "\\\\h\\" + SmbTestServer.VOLUME)), true);
    f.setByte(f.writerIndex() - 1, f.getByte(f.writerIndex() - 1) ^ 1);
    assertThat(c.send(f).get(0).status()).isEqualTo(NtStatus.ACCESS_DENIED.code());
  }
}
