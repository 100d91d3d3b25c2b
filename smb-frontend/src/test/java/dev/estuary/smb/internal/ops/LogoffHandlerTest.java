package dev.estuary.smb.internal.ops;

import static org.assertj.core.api.Assertions.assertThat;

import dev.estuary.core.Principal;
import dev.estuary.smb.internal.codec.Negotiate;
import dev.estuary.smb.internal.codec.NtStatus;
import dev.estuary.smb.internal.codec.SimpleMessages;
import dev.estuary.smb.internal.codec.SmbCommand;
import dev.estuary.smb.internal.state.ConnectionState;
import dev.estuary.smb.internal.state.ObjectTable;
import dev.estuary.smb.internal.state.SessionState;
import dev.estuary.smb.internal.state.TreeState;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** LOGOFF ([MS-SMB2] 3.3.5.6) through {@link LogoffHandler}. */
class LogoffHandlerTest {
  private static final Principal ALICE = new Principal("alice", 1000, 1000, false, Map.of());

  @Test
  void logoffRemovesTheSessionAndItsTreesAndKeepsItsKeysForTheResponse() {
    ConnectionState c = HandlerFixture.negotiated(Negotiate.SMB_3_0, null);
    SessionState s = HandlerFixture.session(c, ALICE);
    s.trees().put(1, new TreeState(1, "media", null, 0, false));
    SmbReply r = new LogoffHandler(new ObjectTable()).handle(HandlerFixture.request(c, new SimpleMessages.Empty(SmbCommand.LOGOFF),
        s, null));
    assertThat(r.status()).isEqualTo(NtStatus.SUCCESS);
    assertThat(r.session()).isSameAs(s);
    assertThat(c.sessions()).isEmpty();
    assertThat(s.trees()).isEmpty();
  }

  @Test
  void logoffWithoutASessionIsUserSessionDeleted() {
    ConnectionState c = HandlerFixture.negotiated(Negotiate.SMB_2_1, null);
    assertThat(new LogoffHandler(new ObjectTable()).handle(HandlerFixture.request(c, new SimpleMessages.Empty(SmbCommand.LOGOFF),
        null, null)).status()).isEqualTo(NtStatus.USER_SESSION_DELETED);
  }
}
