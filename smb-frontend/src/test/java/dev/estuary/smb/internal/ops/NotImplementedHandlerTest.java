package dev.estuary.smb.internal.ops;

import static org.assertj.core.api.Assertions.assertThat;

import dev.estuary.core.Principal;
import dev.estuary.smb.internal.codec.Create;
import dev.estuary.smb.internal.codec.ErrorResponse;
import dev.estuary.smb.internal.codec.Negotiate;
import dev.estuary.smb.internal.codec.NtStatus;
import dev.estuary.smb.internal.codec.SmbCommand;
import dev.estuary.smb.internal.state.ConnectionState;
import dev.estuary.smb.internal.state.SessionState;
import dev.estuary.smb.internal.state.TreeState;
import java.util.List;
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
    Create.Request create = new Create.Request(0, 0, 2, 0, 0x00120089, 0, 7, 1, 0, "a", List.of());
    SmbReply r = new NotImplementedHandler().handle(HandlerFixture.request(c, create, s, t));
    assertThat(r.status()).isEqualTo(NtStatus.NOT_IMPLEMENTED);
    assertThat(r.body()).isEqualTo(ErrorResponse.empty(SmbCommand.CREATE));
  }
}
