package dev.estuary.smb.internal.ops;

import static org.assertj.core.api.Assertions.assertThat;

import dev.estuary.core.Principal;
import dev.estuary.smb.internal.codec.Directory;
import dev.estuary.smb.internal.codec.FileId;
import dev.estuary.smb.internal.codec.ErrorResponse;
import dev.estuary.smb.internal.codec.Negotiate;
import dev.estuary.smb.internal.codec.NtStatus;
import dev.estuary.smb.internal.codec.SmbCommand;
import dev.estuary.smb.internal.state.ConnectionState;
import dev.estuary.smb.internal.state.SessionState;
import dev.estuary.smb.internal.state.TreeState;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The commands of the next step through {@link NotImplementedHandler}. */
class NotImplementedHandlerTest {
  private static final Principal ALICE = new Principal("alice", 1000, 1000, false, Map.of());

  @Test
  void commandsOfTheNextStepAnswerNotImplemented() {
    ConnectionState c = HandlerFixture.negotiated(Negotiate.SMB_2_1, null);
    SessionState s = HandlerFixture.session(c, ALICE);
    TreeState t = new TreeState(1, "media", null, 0, false);
    Directory.NotifyRequest notify = new Directory.NotifyRequest(0, 1024, new FileId(1, 1), 0x17);
    SmbReply r = new NotImplementedHandler().handle(HandlerFixture.request(c, notify, s, t));
    assertThat(r.status()).isEqualTo(NtStatus.NOT_IMPLEMENTED);
    assertThat(r.body()).isEqualTo(ErrorResponse.empty(SmbCommand.CHANGE_NOTIFY));
  }
}
