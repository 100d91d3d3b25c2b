package dev.estuary.smb.internal.ops;

import static org.assertj.core.api.Assertions.assertThat;

import dev.estuary.core.Principal;
import dev.estuary.smb.internal.codec.Negotiate;
import dev.estuary.smb.internal.codec.NtStatus;
import dev.estuary.smb.internal.codec.TreeConnect;
import dev.estuary.smb.internal.crypto.Cipher;
import dev.estuary.smb.internal.state.ConnectionState;
import dev.estuary.smb.internal.state.SessionState;
import dev.estuary.smb.internal.state.TreeState;
import dev.estuary.smb.testing.SmbTestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** TREE_CONNECT ([MS-SMB2] 3.3.5.7) through {@link TreeConnectHandler}, with the real user store and grants. */
class TreeConnectHandlerTest {
  private static SmbTestServer server;
  private static TreeConnectHandler handler;

  @BeforeAll
  static void start() throws Exception {
    server = new SmbTestServer();
    handler = new TreeConnectHandler(server.services());
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static Principal user(String name) {
    return server.services().identity().principal(name).orElseThrow();
  }

  private static SmbReply connect(ConnectionState c, SessionState s, String path) {
    return handler.handle(HandlerFixture.request(c, new TreeConnect.Request(0, path), s, null));
  }

  @Test
  void aVolumeIsAShareMatchedIgnoringCaseWithTheGrantAsMaximalAccess() {
    ConnectionState c = HandlerFixture.negotiated(Negotiate.SMB_3_1_1, null);
    SessionState s = HandlerFixture.session(c, user(SmbTestServer.USER));
    SmbReply r = connect(c, s, "\\\\server\\MEDIA");
    assertThat(r.status()).isEqualTo(NtStatus.SUCCESS);
    TreeConnect.Response t = (TreeConnect.Response) r.body();
    assertThat(t.shareType()).isEqualTo(TreeConnect.SHARE_TYPE_DISK);
    assertThat(t.maximalAccess()).isEqualTo(TreeConnectHandler.ALL_ACCESS);
    TreeState tree = s.trees().get(r.treeId());
    assertThat(tree.share()).isEqualTo(SmbTestServer.VOLUME);
    assertThat(tree.caller().uid()).isEqualTo(user(SmbTestServer.USER).uid());

    SessionState reader = HandlerFixture.session(c, user(SmbTestServer.READER));
    TreeConnect.Response rt = (TreeConnect.Response) connect(c, reader, "\\\\server\\media").body();
    assertThat(rt.maximalAccess()).isEqualTo(TreeConnectHandler.READ_ACCESS);
  }

  @Test
  void ipcIsThePipeShare() {
    ConnectionState c = HandlerFixture.negotiated(Negotiate.SMB_2_1, null);
    SessionState s = HandlerFixture.session(c, user(SmbTestServer.NOBODY));
    SmbReply r = connect(c, s, "\\\\10.0.0.1\\ipc$");
    assertThat(((TreeConnect.Response) r.body()).shareType()).isEqualTo(TreeConnect.SHARE_TYPE_PIPE);
    assertThat(s.trees().get(r.treeId()).isPipe()).isTrue();
  }

  @Test
  void anUnknownShareOrAMalformedPathIsBadNetworkName() {
    ConnectionState c = HandlerFixture.negotiated(Negotiate.SMB_2_1, null);
    SessionState s = HandlerFixture.session(c, user(SmbTestServer.USER));
    assertThat(connect(c, s, "\\\\server\\missing").status()).isEqualTo(NtStatus.BAD_NETWORK_NAME);
    assertThat(connect(c, s, "media").status()).isEqualTo(NtStatus.BAD_NETWORK_NAME);
    assertThat(connect(c, s, "\\\\server\\media\\sub").status()).isEqualTo(NtStatus.BAD_NETWORK_NAME);
    assertThat(s.trees()).isEmpty();
  }

  @Test
  void aUserWithoutAGrantIsAccessDenied() {
    ConnectionState c = HandlerFixture.negotiated(Negotiate.SMB_2_1, null);
    SessionState s = HandlerFixture.session(c, user(SmbTestServer.NOBODY));
    assertThat(connect(c, s, "\\\\server\\media").status()).isEqualTo(NtStatus.ACCESS_DENIED);
  }

  @Test
  void anEncryptedShareNeedsAConnectionThatEncrypts() {
    ConnectionState plain = HandlerFixture.negotiated(Negotiate.SMB_3_0_2, null);
    SessionState s = HandlerFixture.session(plain, user(SmbTestServer.USER));
    assertThat(connect(plain, s, "\\\\server\\vault").status()).isEqualTo(NtStatus.ACCESS_DENIED);

    ConnectionState sealed = HandlerFixture.negotiated(Negotiate.SMB_3_1_1, Cipher.AES_128_GCM);
    SessionState e = HandlerFixture.session(sealed, user(SmbTestServer.USER));
    SmbReply r = connect(sealed, e, "\\\\server\\vault");
    assertThat(((TreeConnect.Response) r.body()).shareFlags() & TreeConnectHandler.SHAREFLAG_ENCRYPT_DATA)
        .isNotZero();
    assertThat(e.trees().get(r.treeId()).encryptData()).isTrue();
  }

  @Test
  void treesPastTheLimitAreInsufficientResources() {
    ConnectionState c = HandlerFixture.negotiated(Negotiate.SMB_2_1, null);
    SessionState s = HandlerFixture.session(c, user(SmbTestServer.USER));
    int max = server.services().settings().maxTrees();
    for (int i = 0; i < max; i++) {
      assertThat(connect(c, s, "\\\\server\\media").status()).isEqualTo(NtStatus.SUCCESS);
    }
    assertThat(connect(c, s, "\\\\server\\media").status()).isEqualTo(NtStatus.INSUFFICIENT_RESOURCES);
  }
}
