package dev.estuary.smb.internal.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.estuary.smb.internal.codec.Bytes;
import dev.estuary.smb.internal.codec.MsBlogVectors;
import java.util.List;
import org.junit.jupiter.api.Test;

/** SPNEGO tokens, including the ones the Windows client and server exchanged in {@link MsBlogVectors}. */
class SpnegoTest {
  /** The security buffer of MsBlogVectors.SESSION_SETUP_REQUEST_1 (offset 0x58, length 0x4A). */
  private static Bytes securityBuffer(String packetHex, int offset, int length) {
    return Bytes.hex(packetHex.substring(offset * 2, (offset + length) * 2));
  }

  @Test
  void windowsNegTokenInitCarriesTheNtlmNegotiate() throws AuthException {
    Bytes token = securityBuffer(MsBlogVectors.SESSION_SETUP_REQUEST_1, 0x58, 0x4A);
    Spnego.NegTokenInit init = Spnego.decodeInit(token);
    assertThat(init.mechTypes()).containsExactly("1.3.6.1.4.1.311.2.2.10");
    assertThat(init.mechToken()).isNotNull();
    NtlmMessages.Negotiate n = NtlmMessages.Negotiate.decode(init.mechToken());
    assertThat(n.flags()).isEqualTo(0xE2088297);
  }

  @Test
  void windowsNegTokenRespCarriesTheChallengeAndTheAuthenticate() throws AuthException {
    Spnego.NegTokenResp r = Spnego.decodeResp(securityBuffer(MsBlogVectors.SESSION_SETUP_RESPONSE_1, 0x48, 0xB3));
    assertThat(r.negState()).isEqualTo(Spnego.ACCEPT_INCOMPLETE);
    assertThat(r.supportedMech()).isEqualTo("1.3.6.1.4.1.311.2.2.10");
    NtlmMessages.Challenge c = NtlmMessages.Challenge.decode(r.responseToken());
    assertThat(c.targetName()).isEqualTo("SUT311");
    assertThat(c.targetInfo().get(AvPairs.TIMESTAMP)).isNotNull();

    Spnego.NegTokenResp auth = Spnego.decodeResp(securityBuffer(MsBlogVectors.SESSION_SETUP_REQUEST_2, 0x58, 0x1CF));
    NtlmMessages.Authenticate a = NtlmMessages.Authenticate.decode(auth.responseToken());
    assertThat(a.user()).isEqualTo("administrator");
    assertThat(a.domain()).isEqualTo("SUT311");
    assertThat(a.mic()).isEqualTo(Bytes.hex("ECAC77A5F385A8BF9C38C706EEEDDCD3"));
    assertThat(auth.mechListMic()).isNotNull();

    Spnego.NegTokenResp done = Spnego.decodeResp(securityBuffer(MsBlogVectors.SESSION_SETUP_RESPONSE_2, 0x48, 0x1D));
    assertThat(done.negState()).isEqualTo(Spnego.ACCEPT_COMPLETED);
    assertThat(done.mechListMic()).isEqualTo(Bytes.hex("010000003B453CDC3524164200000000"));
  }

  @Test
  void serverTokensRoundTrip() throws AuthException {
    Bytes init2 = Spnego.negTokenInit2(List.of(Spnego.NTLMSSP));
    Spnego.NegTokenInit back = Spnego.decodeInit(init2);
    assertThat(back.mechTypes()).containsExactly(Spnego.NTLMSSP.getId());
    assertThat(back.mechToken()).isNull();
    Spnego.NegTokenResp resp = new Spnego.NegTokenResp(Spnego.ACCEPT_INCOMPLETE, Spnego.NTLMSSP.getId(),
        Bytes.hex("4e544c4d"), null);
    assertThat(Spnego.decodeResp(resp.encode())).isEqualTo(resp);
    Spnego.NegTokenResp completed = new Spnego.NegTokenResp(Spnego.ACCEPT_COMPLETED, null, null,
        Bytes.hex("01000000aabbccddeeff001100000000"));
    assertThat(Spnego.decodeResp(completed.encode())).isEqualTo(completed);
  }

  @Test
  void truncatedOrForeignTokensAreInvalidParameter() {
    byte[] t = securityBuffer(MsBlogVectors.SESSION_SETUP_REQUEST_1, 0x58, 0x4A).toArray();
    for (int n = 0; n < t.length; n++) {
      int len = n;
      assertThatThrownBy(() -> Spnego.decodeInit(Bytes.of(java.util.Arrays.copyOf(t, len))))
          .isInstanceOf(AuthException.class);
    }
    byte[] r = securityBuffer(MsBlogVectors.SESSION_SETUP_RESPONSE_1, 0x48, 0xB3).toArray();
    for (int n = 0; n < r.length; n++) {
      int len = n;
      assertThatThrownBy(() -> Spnego.decodeResp(Bytes.of(java.util.Arrays.copyOf(r, len))))
          .isInstanceOf(AuthException.class);
    }
    // A NegTokenResp where a NegTokenInit is expected, a huge DER length, and a Kerberos-only init.
    assertThatThrownBy(() -> Spnego.decodeInit(Bytes.of(r))).isInstanceOf(AuthException.class);
    assertThatThrownBy(() -> Spnego.decodeInit(Bytes.hex("6084ffffffff06062b0601050502")))
        .isInstanceOf(AuthException.class);
    assertThatThrownBy(() -> Spnego.decodeResp(Bytes.hex("a1053003a00100")))
        .isInstanceOf(AuthException.class);
  }

  @Test
  void mechListMicsOfTheWindowsSessionVerify() throws AuthException {
    // The blog's SessionKey is the GSS (NTLM exported) session key; the session negotiated KEY_EXCH.
    Bytes mechTypes = Spnego.decodeInit(securityBuffer(MsBlogVectors.SESSION_SETUP_REQUEST_1, 0x58, 0x4A))
        .mechTypesDer();
    assertThat(mechTypes).isEqualTo(Bytes.hex("300c060a2b06010401823702020a"));
    NtlmServer.Result r = new NtlmServer.Result("administrator", "SUT311",
        Bytes.hex(MsBlogVectors.SESSION_KEY_311), 0xE2888215);
    Spnego.NegTokenResp auth = Spnego.decodeResp(securityBuffer(MsBlogVectors.SESSION_SETUP_REQUEST_2, 0x58, 0x1CF));
    assertThat(NtlmServer.verifyMechListMic(r, mechTypes, auth.mechListMic())).isTrue();
    assertThat(NtlmServer.mechListMic(r, mechTypes)).isEqualTo(Bytes.hex("010000003B453CDC3524164200000000"));
    assertThat(NtlmServer.verifyMechListMic(r, Bytes.hex("300c060a2b06010401823702020b"), auth.mechListMic()))
        .isFalse();
  }

  @Test
  void theWindowsAuthenticateMicVerifies() throws AuthException {
    // The MIC binds the three NTLM messages of the blog's session under its exported session key.
    Bytes negotiate = Spnego.decodeInit(securityBuffer(MsBlogVectors.SESSION_SETUP_REQUEST_1, 0x58, 0x4A))
        .mechToken();
    Bytes challenge = Spnego.decodeResp(securityBuffer(MsBlogVectors.SESSION_SETUP_RESPONSE_1, 0x48, 0xB3))
        .responseToken();
    Bytes authenticate = Spnego.decodeResp(securityBuffer(MsBlogVectors.SESSION_SETUP_REQUEST_2, 0x58, 0x1CF))
        .responseToken();
    NtlmMessages.Authenticate a = NtlmMessages.Authenticate.decode(authenticate);
    NtlmServer.Exchange ex = new NtlmServer.Exchange(negotiate, challenge,
        NtlmMessages.Challenge.decode(challenge).serverChallenge(), 0xE28A8215);
    assertThat(NtlmServer.micMatches(Bytes.hex(MsBlogVectors.SESSION_KEY_311), ex, authenticate, a.mic())).isTrue();
    assertThat(NtlmServer.micMatches(Bytes.zeros(16), ex, authenticate, a.mic())).isFalse();
  }
}
