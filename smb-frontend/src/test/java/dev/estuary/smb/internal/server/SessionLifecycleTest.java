package dev.estuary.smb.internal.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.estuary.core.RequestMetrics;
import dev.estuary.smb.internal.codec.Bytes;
import dev.estuary.smb.internal.codec.Create;
import dev.estuary.smb.internal.codec.FileId;
import dev.estuary.smb.internal.codec.Info;
import dev.estuary.smb.internal.codec.Negotiate;
import dev.estuary.smb.internal.codec.NtStatus;
import dev.estuary.smb.internal.codec.SessionSetup;
import dev.estuary.smb.internal.codec.Smb2Header;
import dev.estuary.smb.internal.codec.SmbCommand;
import dev.estuary.smb.internal.codec.TreeConnect;
import dev.estuary.smb.testing.RawClient;
import dev.estuary.smb.testing.SmbTestServer;
import io.netty.buffer.ByteBuf;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Sessions across their life and across connections ([MS-SMB2] 3.3.5.5): a failed re-authentication ends
 * the session, a reconnect's PreviousSessionId ends the old session on its own connection, and a binding
 * request on another connection is refused with STATUS_REQUEST_NOT_ACCEPTED signed with the session's key
 * (what smbtorture's smb2.session.reauth6, reconnect1/2 and bind_negative_smb202/210/3to2 check).
 */
class SessionLifecycleTest {
  private static SmbTestServer server;

  @BeforeAll
  static void start() throws Exception {
    server = new SmbTestServer();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static RawClient connect(int dialect) throws Exception {
    RawClient c = new RawClient(new Dispatcher(server.services(), new RequestMetrics(server.registry(), "smb")));
    c.negotiate(dialect);
    return c;
  }

  private static int tree(RawClient c) throws Exception {
    RawClient.Reply t = c.treeConnect("media");
    assertThat(t.status()).isZero();
    return t.header().treeId();
  }

  /** Opens {@code name} with no sharing (a second open conflicts while this one lives). */
  private static RawClient.Reply open(RawClient c, int tid, String name) throws Exception {
    return c.call(c.header(SmbCommand.CREATE, tid),
        new Create.Request(0, 0, 2, 0, 0x0012019F, 0, 0, 3, 0x40, name, List.of()), true);
  }

  private static int position(RawClient c, int tid, FileId f) throws Exception {
    return c.call(c.header(SmbCommand.QUERY_INFO, tid),
        new Info.QueryRequest(1, 14, 8, Bytes.EMPTY, 0, 0, f), true).status();
  }

  private static void assertSignedBy(RawClient c) throws Exception {
    ByteBuf last = c.lastResponse();
    assertThat(Smb2Header.decode(last, 0, last.readableBytes()).isSigned()).isTrue();
    assertThat(c.signer().verify(last, 0, last.readableBytes())).isTrue();
  }

  @Test
  void anUnsignedRequestOnAnEndedSessionGetsAnUnsignedAnswer() throws Exception {
    RawClient a = connect(Negotiate.SMB_3_0);
    assertThat(a.authenticate(SmbTestServer.USER, SmbTestServer.PASSWORD).status()).isZero();
    int tid = tree(a);
    assertThat(a.authenticate(SmbTestServer.USER, "wrong").status()).isEqualTo(NtStatus.LOGON_FAILURE.code());
    RawClient.Reply r = a.call(a.header(SmbCommand.TREE_DISCONNECT, tid),
        new dev.estuary.smb.internal.codec.SimpleMessages.Empty(SmbCommand.TREE_DISCONNECT), false);
    assertThat(r.status()).isEqualTo(NtStatus.USER_SESSION_DELETED.code());
    assertThat(r.header().isSigned()).isFalse();
  }

  @Test
  void aFailedReauthenticationEndsTheSessionAndClosesItsOpens() throws Exception {
    RawClient a = connect(Negotiate.SMB_3_1_1);
    assertThat(a.authenticate(SmbTestServer.USER, SmbTestServer.PASSWORD).status()).isZero();
    int tid = tree(a);
    RawClient.Reply o = open(a, tid, "reauth6.txt");
    assertThat(o.status()).isZero();
    FileId f = ((Create.Response) o.body()).fileId();
    // A re-authentication with the right password keeps the session and its opens (3.3.5.5.3).
    assertThat(a.authenticate(SmbTestServer.USER, SmbTestServer.PASSWORD).status()).isZero();
    assertThat(position(a, tid, f)).isZero();
    // A wrong password fails the re-authentication, and that removes the session (3.3.5.5.3).
    assertThat(a.authenticate(SmbTestServer.USER, "wrong").status()).isEqualTo(NtStatus.LOGON_FAILURE.code());
    assertThat(position(a, tid, f)).isEqualTo(NtStatus.USER_SESSION_DELETED.code());
    // Signed with the ended session's key: a client that requires signing can trust it (3.3.4.1.1).
    assertSignedBy(a);
    // Its open was closed with it: another session opens the file without a sharing violation.
    RawClient b = connect(Negotiate.SMB_3_1_1);
    assertThat(b.authenticate(SmbTestServer.USER, SmbTestServer.PASSWORD).status()).isZero();
    assertThat(open(b, tree(b), "reauth6.txt").status()).isZero();
  }

  @Test
  void aReconnectWithPreviousSessionIdEndsTheOldSessionOnItsConnection() throws Exception {
    RawClient a = connect(Negotiate.SMB_3_1_1);
    assertThat(a.authenticate(SmbTestServer.USER, SmbTestServer.PASSWORD).status()).isZero();
    int tid = tree(a);
    RawClient.Reply o = open(a, tid, "reconnect.txt");
    FileId f = ((Create.Response) o.body()).fileId();
    RawClient b = connect(Negotiate.SMB_3_1_1);
    assertThat(b.sessionId()).isNotEqualTo(a.sessionId());
    assertThat(b.authenticate(SmbTestServer.USER, SmbTestServer.PASSWORD, a.sessionId()).status()).isZero();
    assertThat(position(a, tid, f)).isEqualTo(NtStatus.USER_SESSION_DELETED.code());
    assertSignedBy(a);
    assertThat(open(b, tree(b), "reconnect.txt").status()).as("the old session's open is closed").isZero();
  }

  @Test
  void aReconnectOnTheSameConnectionEndsTheOldSessionToo() throws Exception {
    RawClient a = connect(Negotiate.SMB_3_0);
    assertThat(a.authenticate(SmbTestServer.USER, SmbTestServer.PASSWORD).status()).isZero();
    int tid = tree(a);
    FileId f = ((Create.Response) open(a, tid, "reconnect2.txt").body()).fileId();
    RawClient second = a.fork();
    assertThat(second.authenticate(SmbTestServer.USER, SmbTestServer.PASSWORD, a.sessionId()).status()).isZero();
    a.nextMessageId(second.nextMessageId());
    assertThat(position(a, tid, f)).isEqualTo(NtStatus.USER_SESSION_DELETED.code());
  }

  @Test
  void aBindingRequestOnAnotherConnectionIsRefusedSignedWithTheSessionKey() throws Exception {
    RawClient a = connect(Negotiate.SMB_3_1_1);
    assertThat(a.authenticate(SmbTestServer.USER, SmbTestServer.PASSWORD).status()).isZero();
    RawClient b = connect(Negotiate.SMB_3_1_1);
    Smb2Header h = new Smb2Header(1, 0, SmbCommand.SESSION_SETUP.code(), 8, 0, 0, b.nextMessageId(), 0, 0, 0,
        a.sessionId(), Bytes.zeros(16));
    b.nextMessageId(b.nextMessageId() + 1);
    ByteBuf frame = b.frame(List.of(h), List.of(new SessionSetup.Request(SessionSetup.FLAG_BINDING, 1, 0, 0, 0,
        Bytes.hex("4e544c4d5353500001000000"))), false);
    a.signer().sign(frame, 0, frame.readableBytes());
    RawClient.Reply r = b.send(frame).get(0);
    // 3.3.5.5: no multichannel here, so binding is STATUS_REQUEST_NOT_ACCEPTED (not "no such session"),
    // and the answer is signed with the session's key so that the client can trust it (3.3.4.1.1).
    assertThat(r.status()).isEqualTo(NtStatus.REQUEST_NOT_ACCEPTED.code());
    assertThat(r.header().isSigned()).isTrue();
    assertThat(a.signer().verify(b.lastResponse(), 0, b.lastResponse().readableBytes())).isTrue();
    // The session itself is untouched.
    assertThat(a.call(a.header(SmbCommand.TREE_CONNECT, 0), new TreeConnect.Request(0, "\\\\127.0.0.1\\media"),
        true).status()).isZero();
  }

  @Test
  void sessionIdsAreUniqueAcrossConnections() throws Exception {
    RawClient a = connect(Negotiate.SMB_2_1);
    assertThat(a.authenticate(SmbTestServer.USER, SmbTestServer.PASSWORD).status()).isZero();
    assertThat(server.services().sessions().get(a.sessionId())).isNotNull();
    RawClient b = connect(Negotiate.SMB_2_1);
    assertThat(b.authenticate(SmbTestServer.USER, SmbTestServer.PASSWORD).status()).isZero();
    assertThat(b.sessionId()).isNotEqualTo(a.sessionId());
    assertThat(a.call(a.header(SmbCommand.LOGOFF, 0), new dev.estuary.smb.internal.codec.SimpleMessages.Empty(
        SmbCommand.LOGOFF), true).status()).isZero();
    assertThat(server.services().sessions().get(a.sessionId())).as("LOGOFF deregisters").isNull();
  }
}
