package dev.estuary.smb.internal.ops;

import static org.assertj.core.api.Assertions.assertThat;

import dev.estuary.smb.internal.auth.NtlmMessages;
import dev.estuary.smb.internal.auth.Spnego;
import dev.estuary.smb.internal.codec.Bytes;
import dev.estuary.smb.internal.codec.Negotiate;
import dev.estuary.smb.internal.codec.NtStatus;
import dev.estuary.smb.internal.codec.SessionSetup;
import dev.estuary.smb.internal.state.ConnectionState;
import dev.estuary.smb.testing.SmbTestServer;
import java.util.List;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * SESSION_SETUP ([MS-SMB2] 3.3.5.5) through {@link SessionSetupHandler}. The full NTLMv2 exchanges
 * (right and wrong passwords, signed final response) run in DispatcherTest and SmbjSessionTest; here
 * the refusals that need no client.
 */
class SessionSetupHandlerTest {
  private static SmbTestServer server;
  private static SessionSetupHandler handler;

  @BeforeAll
  static void start() throws Exception {
    server = new SmbTestServer();
    handler = new SessionSetupHandler(server.services());
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static SmbReply setup(ConnectionState c, int flags, Bytes token) throws Exception {
    return handler.handle(HandlerFixture.request(c, new SessionSetup.Request(flags, 1, 0, 0, 0, token), null,
        null));
  }

  private static Bytes ntlmInit() {
    return Spnego.negTokenInit(List.of(Spnego.NTLMSSP), new NtlmMessages.Negotiate(
        NtlmMessages.NEGOTIATE_UNICODE | NtlmMessages.NEGOTIATE_NTLM).encode());
  }

  @Test
  void theFirstLegCreatesAnInProgressSessionAndAnswersTheChallenge() throws Exception {
    ConnectionState c = HandlerFixture.negotiated(Negotiate.SMB_2_1, null);
    SmbReply r = setup(c, 0, ntlmInit());
    assertThat(r.status()).isEqualTo(NtStatus.MORE_PROCESSING_REQUIRED);
    assertThat(c.sessions()).containsKey(r.session().sessionId());
    assertThat(r.session().isValid()).isFalse();
    Spnego.NegTokenResp resp = Spnego.decodeResp(((SessionSetup.Response) r.body()).securityBuffer());
    assertThat(resp.negState()).isEqualTo(Spnego.ACCEPT_INCOMPLETE);
    assertThat(NtlmMessages.Challenge.decode(resp.responseToken()).serverChallenge().length()).isEqualTo(8);
  }

  @Test
  void bareNtlmsspIsAcceptedToo() throws Exception {
    ConnectionState c = HandlerFixture.negotiated(Negotiate.SMB_2_1, null);
    Bytes raw = new NtlmMessages.Negotiate(NtlmMessages.NEGOTIATE_UNICODE | NtlmMessages.NEGOTIATE_NTLM).encode();
    SmbReply r = setup(c, 0, raw);
    assertThat(r.status()).isEqualTo(NtStatus.MORE_PROCESSING_REQUIRED);
    NtlmMessages.Challenge.decode(((SessionSetup.Response) r.body()).securityBuffer());
  }

  @Test
  void aMalformedTokenFailsAndLeavesNoSession() throws Exception {
    ConnectionState c = HandlerFixture.negotiated(Negotiate.SMB_2_1, null);
    SmbReply r = setup(c, 0, Bytes.hex("600a0601"));
    assertThat(r.status().isError()).isTrue();
    assertThat(c.sessions()).isEmpty();
  }

  @Test
  void kerberosOnlyIsALogonFailure() throws Exception {
    ConnectionState c = HandlerFixture.negotiated(Negotiate.SMB_3_0, null);
    Bytes krb = Spnego.negTokenInit(List.of(new ASN1ObjectIdentifier("1.2.840.113554.1.2.2")), Bytes.hex("00"));
    assertThat(setup(c, 0, krb).status()).isEqualTo(NtStatus.LOGON_FAILURE);
    assertThat(c.sessions()).isEmpty();
  }

  @Test
  void bindingIsNotAcceptedWithoutMultichannel() throws Exception {
    ConnectionState c = HandlerFixture.negotiated(Negotiate.SMB_3_1_1, null);
    assertThat(setup(c, SessionSetup.FLAG_BINDING, ntlmInit()).status()).isEqualTo(NtStatus.REQUEST_NOT_ACCEPTED);
  }
}
