package dev.estuary.smb.internal.ops;

import static org.assertj.core.api.Assertions.assertThat;

import dev.estuary.core.Principal;
import dev.estuary.core.RequestMetrics;
import dev.estuary.smb.internal.codec.Negotiate;
import dev.estuary.smb.internal.codec.SimpleMessages;
import dev.estuary.smb.internal.codec.SmbCommand;
import dev.estuary.smb.internal.codec.TreeConnect;
import dev.estuary.smb.internal.ipc.ShareCatalog;
import dev.estuary.smb.internal.server.Dispatcher;
import dev.estuary.smb.internal.state.ConnectionState;
import dev.estuary.smb.internal.state.SessionState;
import dev.estuary.smb.testing.RawClient;
import dev.estuary.smb.testing.SmbTestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The live tree connects per share that srvsvc reports as current uses: counted at TREE_CONNECT, released
 * by TREE_DISCONNECT, LOGOFF and the connection closing.
 */
class ShareUsesTest {
  private static SmbTestServer server;

  @BeforeAll
  static void start() throws Exception {
    server = new SmbTestServer();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void treeConnectsAreCountedUntilDisconnectLogoffOrConnectionClose() throws Exception {
    ShareCatalog shares = server.services().shares();
    Principal alice = server.services().identity().principal(SmbTestServer.USER).orElseThrow();
    ConnectionState c = HandlerFixture.negotiated(Negotiate.SMB_3_1_1, null);
    SessionState s = HandlerFixture.session(c, alice);
    TreeConnectHandler tc = new TreeConnectHandler(server.services());
    int a = tc.handle(HandlerFixture.request(c, new TreeConnect.Request(0, "\\\\h\\MEDIA"), s, null)).treeId();
    tc.handle(HandlerFixture.request(c, new TreeConnect.Request(0, "\\\\h\\media"), s, null));
    tc.handle(HandlerFixture.request(c, new TreeConnect.Request(0, "\\\\h\\IPC$"), s, null));
    assertThat(shares.uses(SmbTestServer.VOLUME)).isEqualTo(2);
    assertThat(shares.uses("IPC$")).isEqualTo(1);

    new TreeDisconnectHandler(server.services()).handle(HandlerFixture.request(c,
        new SimpleMessages.Empty(SmbCommand.TREE_DISCONNECT), s, s.trees().get(a)));
    assertThat(shares.uses(SmbTestServer.VOLUME)).isEqualTo(1);
    new LogoffHandler(server.services()).handle(HandlerFixture.request(c,
        new SimpleMessages.Empty(SmbCommand.LOGOFF), s, null));
    assertThat(shares.uses(SmbTestServer.VOLUME)).isZero();
    assertThat(shares.uses("IPC$")).isZero();

    Dispatcher d = new Dispatcher(server.services(), new RequestMetrics(server.registry(), "smb"));
    RawClient client = new RawClient(d);
    client.negotiate(Negotiate.SMB_3_1_1);
    client.authenticate(SmbTestServer.USER, SmbTestServer.PASSWORD);
    client.treeConnect(SmbTestServer.VOLUME);
    assertThat(shares.uses(SmbTestServer.VOLUME)).isEqualTo(1);
    d.close();
    assertThat(shares.uses(SmbTestServer.VOLUME)).isZero();
  }
}
