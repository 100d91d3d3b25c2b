package dev.estuary.smb.internal.ops;

import static org.assertj.core.api.Assertions.assertThat;

import dev.estuary.core.Principal;
import dev.estuary.smb.internal.codec.Create;
import dev.estuary.smb.internal.codec.ErrorResponse;
import dev.estuary.smb.internal.codec.Negotiate;
import dev.estuary.smb.internal.codec.NtStatus;
import dev.estuary.smb.internal.codec.SimpleMessages;
import dev.estuary.smb.internal.codec.SmbCommand;
import dev.estuary.smb.internal.state.ConnectionState;
import dev.estuary.smb.internal.state.SessionState;
import dev.estuary.smb.internal.state.TreeState;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** LOGOFF, TREE_DISCONNECT, ECHO and the not-yet-implemented commands, each handler called directly. */
class SimpleHandlersTest {
  private static final Principal ALICE = new Principal("alice", 1000, 1000, false, Map.of());

  @Test
  void logoffRemovesTheSessionAndItsTreesAndKeepsItsKeysForTheResponse() {
    ConnectionState c = HandlerFixture.negotiated(Negotiate.SMB_3_0, null);
    SessionState s = HandlerFixture.session(c, ALICE);
    s.trees().put(1, new TreeState(1, "media", null, 0, false));
    SmbReply r = new LogoffHandler().handle(HandlerFixture.request(c, new SimpleMessages.Empty(SmbCommand.LOGOFF),
        s, null));
    assertThat(r.status()).isEqualTo(NtStatus.SUCCESS);
    assertThat(r.session()).isSameAs(s);
    assertThat(c.sessions()).isEmpty();
    assertThat(s.trees()).isEmpty();
  }

  @Test
  void logoffWithoutASessionIsUserSessionDeleted() {
    ConnectionState c = HandlerFixture.negotiated(Negotiate.SMB_2_1, null);
    assertThat(new LogoffHandler().handle(HandlerFixture.request(c, new SimpleMessages.Empty(SmbCommand.LOGOFF),
        null, null)).status()).isEqualTo(NtStatus.USER_SESSION_DELETED);
  }

  @Test
  void treeDisconnectRemovesOnlyThatTree() {
    ConnectionState c = HandlerFixture.negotiated(Negotiate.SMB_2_1, null);
    SessionState s = HandlerFixture.session(c, ALICE);
    TreeState a = new TreeState(1, "media", null, 0, false);
    s.trees().put(1, a);
    s.trees().put(2, new TreeState(2, "IPC$", null, 0, false));
    SmbReply r = new TreeDisconnectHandler().handle(HandlerFixture.request(c,
        new SimpleMessages.Empty(SmbCommand.TREE_DISCONNECT), s, a));
    assertThat(r.status()).isEqualTo(NtStatus.SUCCESS);
    assertThat(s.trees()).containsOnlyKeys(2);
  }

  @Test
  void echoSucceeds() {
    ConnectionState c = HandlerFixture.negotiated(Negotiate.SMB_2_1, null);
    SmbReply r = new EchoHandler().handle(HandlerFixture.request(c, new SimpleMessages.Empty(SmbCommand.ECHO),
        null, null));
    assertThat(r.status()).isEqualTo(NtStatus.SUCCESS);
    assertThat(r.body()).isEqualTo(new SimpleMessages.Empty(SmbCommand.ECHO));
  }

  @Test
  void commandsOfTheNextStepAnswerNotImplemented() {
    ConnectionState c = HandlerFixture.negotiated(Negotiate.SMB_2_1, null);
    SessionState s = HandlerFixture.session(c, ALICE);
    TreeState t = new TreeState(1, "media", null, 0, false);
    Create.Request create = new Create.Request(0, 0, 2, 0, 0x00120089, 0, 7, 1, 0, "a", List.of());
    SmbReply r = new NotImplementedHandler().handle(HandlerFixture.request(c, create, s, t));
    assertThat(r.status()).isEqualTo(NtStatus.NOT_IMPLEMENTED);
    assertThat(r.body()).isEqualTo(ErrorResponse.empty(SmbCommand.CREATE));
  }
}
