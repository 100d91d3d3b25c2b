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

/** TREE_DISCONNECT ([MS-SMB2] 3.3.5.8) through {@link TreeDisconnectHandler}. */
class TreeDisconnectHandlerTest {
  private static final Principal ALICE = new Principal("alice", 1000, 1000, false, Map.of());

  @Test
  void treeDisconnectRemovesOnlyThatTree() {
    ConnectionState c = HandlerFixture.negotiated(Negotiate.SMB_2_1, null);
    SessionState s = HandlerFixture.session(c, ALICE);
    TreeState a = new TreeState(1, "media", null, 0, false);
    s.trees().put(1, a);
    s.trees().put(2, new TreeState(2, "IPC$", null, 0, false));
    SmbReply r = new TreeDisconnectHandler(new ObjectTable()).handle(HandlerFixture.request(c,
        new SimpleMessages.Empty(SmbCommand.TREE_DISCONNECT), s, a));
    assertThat(r.status()).isEqualTo(NtStatus.SUCCESS);
    assertThat(s.trees()).containsOnlyKeys(2);
  }
}
