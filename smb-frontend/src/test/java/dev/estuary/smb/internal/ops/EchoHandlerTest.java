package dev.estuary.smb.internal.ops;

import static org.assertj.core.api.Assertions.assertThat;

import dev.estuary.smb.internal.codec.Negotiate;
import dev.estuary.smb.internal.codec.NtStatus;
import dev.estuary.smb.internal.codec.SimpleMessages;
import dev.estuary.smb.internal.codec.SmbCommand;
import dev.estuary.smb.internal.state.ConnectionState;
import org.junit.jupiter.api.Test;

/** ECHO ([MS-SMB2] 3.3.5.17) through {@link EchoHandler}. */
class EchoHandlerTest {
  @Test
  void echoSucceeds() {
    ConnectionState c = HandlerFixture.negotiated(Negotiate.SMB_2_1, null);
    SmbReply r = new EchoHandler().handle(HandlerFixture.request(c, new SimpleMessages.Empty(SmbCommand.ECHO),
        null, null));
    assertThat(r.status()).isEqualTo(NtStatus.SUCCESS);
    assertThat(r.body()).isEqualTo(new SimpleMessages.Empty(SmbCommand.ECHO));
  }
}
