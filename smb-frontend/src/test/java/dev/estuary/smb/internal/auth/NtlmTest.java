package dev.estuary.smb.internal.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.estuary.smb.internal.codec.Bytes;
import dev.estuary.smb.internal.codec.NtStatus;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * NTLMv2 against the test vectors of [MS-NLMP] §4.2.1 and §4.2.4 (user "User", domain "Domain", password
 * "Password", ServerChallenge 0123456789abcdef, ClientChallenge aa*8, Time 0, RandomSessionKey 55*16):
 * https://learn.microsoft.com/en-us/openspecs/windows_protocols/ms-nlmp/125f7a94-933e-4023-a146-a449e49bf774
 */
class NtlmTest {
  /** §4.2.4.3 CHALLENGE_MESSAGE. */
  static final String CHALLENGE_4243 =
      "4e544c4d53535000020000000c000c003800000033828ae20123456789abcdef00000000000000002400240044000000"
      + "060070170000000f53006500720076006500720002000c0044006f006d00610069006e0001000c00530065007200"
      + "76006500720000000000";
  /** §4.2.4.3 AUTHENTICATE_MESSAGE. */
  static final String AUTHENTICATE_4243 =
      "4e544c4d5353500003000000180018006c00000054005400840000000c000c00480000000800080054000000100010"
      + "005c00000010001000d8000000358288e20501280a0000000f44006f006d00610069006e00550073006500720043"
      + "004f004d005000550054004500520086c35097ac9cec102554764a57cccc19aaaaaaaaaaaaaaaa68cd0ab851e51c96"
      + "aabc927bebef6a1c01010000000000000000000000000000aaaaaaaaaaaaaaaa0000000002000c0044006f006d00"
      + "610069006e0001000c005300650072007600650072000000000000000000c5dad2544fc9799094ce1ce90bc9d03e";

  private static byte[] hex(String s) {
    return HexFormat.of().parseHex(s);
  }

  @Test
  void ntHashAndNtowfV2MatchSection421And4241() {
    assertThat(NtlmCrypto.ntHash("Password")).isEqualTo(hex("a4f49c406510bdcab6824ee7c30fd852"));
    assertThat(NtlmCrypto.ntowfV2(NtlmCrypto.ntHash("Password"), "User", "Domain"))
        .isEqualTo(hex("0c868a403bfd7a93a3001ef22ef02e3f"));
  }

  @Test
  void specAuthenticateMessageVerifiesAndYieldsTheRandomSessionKey() throws AuthException {
    Bytes raw = Bytes.hex(AUTHENTICATE_4243);
    NtlmMessages.Authenticate a = NtlmMessages.Authenticate.decode(raw);
    assertThat(a.user()).isEqualTo("User");
    assertThat(a.domain()).isEqualTo("Domain");
    assertThat(a.workstation()).isEqualTo("COMPUTER");
    assertThat(a.mic()).isNull(); // the example predates the MIC: its payload starts at offset 72
    assertThat(a.flags()).isEqualTo(0xE2888235);
    NtlmServer.Exchange ex = new NtlmServer.Exchange(Bytes.EMPTY, Bytes.hex(CHALLENGE_4243),
        Bytes.hex("0123456789abcdef"), 0xE28A8233);
    NtlmServer server = new NtlmServer(new NtlmServer.Names("S", "D", "s", "d"), new SplittableRandom(1),
        Clock.systemUTC());
    NtlmServer.Result r = server.verify(ex, a, raw, NtlmCrypto.ntHash("Password"));
    // §4.2.4.2.3: EncryptedSessionKey is RC4(SessionBaseKey 8de40cca..., RandomSessionKey 55..55).
    assertThat(r.exportedSessionKey()).isEqualTo(Bytes.hex("55555555555555555555555555555555"));
    assertThat(r.user()).isEqualTo("User");
    assertThatThrownBy(() -> server.verify(ex, a, raw, NtlmCrypto.ntHash("password")))
        .isInstanceOf(AuthException.class).extracting(e -> ((AuthException) e).status())
        .isEqualTo(NtStatus.LOGON_FAILURE);
    NtlmServer.Exchange otherChallenge = new NtlmServer.Exchange(Bytes.EMPTY, Bytes.hex(CHALLENGE_4243),
        Bytes.hex("0123456789abcdee"), 0xE28A8233);
    assertThatThrownBy(() -> server.verify(otherChallenge, a, raw, NtlmCrypto.ntHash("Password")))
        .hasMessageContaining("proof does not match");
  }

  @Test
  void specChallengeMessageDecodes() throws AuthException {
    NtlmMessages.Challenge c = NtlmMessages.Challenge.decode(Bytes.hex(CHALLENGE_4243));
    assertThat(c.flags()).isEqualTo(0xE28A8233);
    assertThat(c.targetName()).isEqualTo("Server");
    assertThat(c.serverChallenge()).isEqualTo(Bytes.hex("0123456789abcdef"));
    assertThat(c.targetInfo().get(AvPairs.NB_DOMAIN_NAME))
        .isEqualTo(Bytes.of("Domain".getBytes(StandardCharsets.UTF_16LE)));
    assertThat(c.encode()).isEqualTo(Bytes.hex(CHALLENGE_4243));
  }

  @Test
  void signAndSealKeysAndChecksumMatchSection4244() {
    byte[] random = hex("55555555555555555555555555555555");
    assertThat(NtlmCrypto.signKey(random, true)).isEqualTo(hex("4788dc861b4782f35d43fd98fe1a2d39"));
    assertThat(NtlmCrypto.sealKey(random, true)).isEqualTo(hex("59f600973cc4960a25480a7c196e4c58"));
    byte[] plaintext = "Plaintext".getBytes(StandardCharsets.UTF_16LE);
    byte[] checksum = Arrays.copyOf(NtlmCrypto.hmacMd5(NtlmCrypto.signKey(random, true), new byte[4], plaintext), 8);
    assertThat(checksum).isEqualTo(hex("7035 2851 f256 4309".replace(" ", "")));
    byte[] mic = NtlmCrypto.getMic(random, true, 0, plaintext, false);
    assertThat(Arrays.copyOfRange(mic, 4, 12)).isEqualTo(checksum);
    assertThat(mic[0]).isEqualTo((byte) 1);
  }

  /** A client as MS-NLMP 3.1.5.1.2 describes it, building an AUTHENTICATE with a MIC for our CHALLENGE. */
  static Bytes clientAuthenticate(Bytes negotiate, Bytes challengeMsg, String user, String domain,
      String password, boolean withMic) throws AuthException {
    NtlmMessages.Challenge c = NtlmMessages.Challenge.decode(challengeMsg);
    Bytes ts = c.targetInfo().get(AvPairs.TIMESTAMP);
    assertThat(ts).isNotNull();
    List<AvPairs.Pair> pairs = new java.util.ArrayList<>(c.targetInfo().pairs());
    pairs.add(new AvPairs.Pair(AvPairs.FLAGS, Bytes.hex(withMic ? "02000000" : "00000000")));
    byte[] info = new AvPairs(pairs).encode().toArray();
    byte[] blob = new byte[28 + info.length + 4];
    blob[0] = 1;
    blob[1] = 1;
    System.arraycopy(ts.toArray(), 0, blob, 8, 8);
    Arrays.fill(blob, 16, 24, (byte) 0x33);
    System.arraycopy(info, 0, blob, 28, info.length);
    byte[] key = NtlmCrypto.ntowfV2(NtlmCrypto.ntHash(password), user, domain);
    byte[] proof = NtlmCrypto.hmacMd5(key, c.serverChallenge().toArray(), blob);
    byte[] nt = new byte[16 + blob.length];
    System.arraycopy(proof, 0, nt, 0, 16);
    System.arraycopy(blob, 0, nt, 16, blob.length);
    byte[] base = NtlmCrypto.hmacMd5(key, proof);
    byte[] exported = hex("0102030405060708090a0b0c0d0e0f10");
    byte[] encKey = NtlmCrypto.rc4(base, exported);
    byte[] d = domain.getBytes(StandardCharsets.UTF_16LE);
    byte[] u = user.getBytes(StandardCharsets.UTF_16LE);
    byte[] lm = new byte[24];
    int off = 88;
    io.netty.buffer.ByteBuf b = io.netty.buffer.Unpooled.buffer();
    b.writeBytes("NTLMSSP\0".getBytes(StandardCharsets.US_ASCII));
    b.writeIntLE(3);
    int[] lens = {lm.length, nt.length, d.length, u.length, 0, encKey.length};
    for (int len : lens) {
      b.writeShortLE(len);
      b.writeShortLE(len);
      b.writeIntLE(off);
      off += len;
    }
    b.writeIntLE(c.flags());
    b.writeLongLE(0x0f00000000000a00L);
    b.writeZero(16); // MIC
    b.writeBytes(lm).writeBytes(nt).writeBytes(d).writeBytes(u).writeBytes(encKey);
    byte[] msg = io.netty.buffer.ByteBufUtil.getBytes(b);
    if (withMic) {
      byte[] mic = NtlmCrypto.hmacMd5(exported, negotiate.toArray(), challengeMsg.toArray(), msg);
      System.arraycopy(mic, 0, msg, 72, 16);
    }
    return Bytes.of(msg);
  }

  private static NtlmServer server() {
    return new NtlmServer(new NtlmServer.Names("ESTUARY", "WORKGROUP", "estuary.local", "local"),
        new SplittableRandom(7), Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC));
  }

  private static Bytes negotiate() {
    return new NtlmMessages.Negotiate(0xE2088297).encode();
  }

  @Test
  void fullExchangeWithMicAndKeyExchange() throws AuthException {
    NtlmServer s = server();
    Bytes neg = negotiate();
    NtlmServer.Exchange ex = s.challenge(neg);
    NtlmMessages.Challenge c = NtlmMessages.Challenge.decode(ex.challenge());
    assertThat(c.flags() & NtlmMessages.NEGOTIATE_KEY_EXCH).isNotZero();
    // MsvAvTimestamp = 2026-01-01 as FILETIME.
    assertThat(c.targetInfo().get(AvPairs.TIMESTAMP)).isEqualTo(Bytes.hex("00008192b17adc01"));
    Bytes auth = clientAuthenticate(neg, ex.challenge(), "alice", "WORKGROUP", "s3cret!", true);
    NtlmMessages.Authenticate a = NtlmMessages.Authenticate.decode(auth);
    assertThat(a.mic()).isNotNull();
    NtlmServer.Result r = s.verify(ex, a, auth, NtlmCrypto.ntHash("s3cret!"));
    assertThat(r.exportedSessionKey()).isEqualTo(Bytes.hex("0102030405060708090a0b0c0d0e0f10"));
    assertThat(r.toString()).doesNotContain("0102030405");
    // The MIC binds the NEGOTIATE: a tampered one (say, flags downgraded) fails.
    NtlmServer.Exchange tampered = new NtlmServer.Exchange(new NtlmMessages.Negotiate(0x00088207).encode(),
        ex.challenge(), ex.serverChallenge(), ex.flags());
    assertThatThrownBy(() -> s.verify(tampered, a, auth, NtlmCrypto.ntHash("s3cret!")))
        .hasMessageContaining("MIC does not match");
    // A MIC flagged but zeroed fails too.
    byte[] zeroMic = auth.toArray();
    Arrays.fill(zeroMic, 72, 88, (byte) 0);
    assertThatThrownBy(() -> s.verify(ex, NtlmMessages.Authenticate.decode(Bytes.of(zeroMic)), Bytes.of(zeroMic),
        NtlmCrypto.ntHash("s3cret!"))).hasMessageContaining("MIC");
  }

  @Test
  void anonymousAndNtlmV1AreRefused() throws AuthException {
    NtlmServer s = server();
    NtlmServer.Exchange ex = s.challenge(negotiate());
    NtlmMessages.Authenticate anon = new NtlmMessages.Authenticate(Bytes.zeros(1), Bytes.EMPTY, "", "", "",
        Bytes.EMPTY, 0xE2088A15, null);
    assertThatThrownBy(() -> s.verify(ex, anon, Bytes.EMPTY, new byte[16]))
        .isInstanceOf(AuthException.class).hasMessageContaining("anonymous")
        .extracting(e -> ((AuthException) e).status()).isEqualTo(NtStatus.LOGON_FAILURE);
    NtlmMessages.Authenticate v1 = new NtlmMessages.Authenticate(Bytes.zeros(24), Bytes.zeros(24), "D", "u", "",
        Bytes.EMPTY, 0xE2088215, null);
    assertThatThrownBy(() -> s.verify(ex, v1, Bytes.EMPTY, new byte[16]))
        .hasMessageContaining("NTLMv1 and LM are refused");
  }

  /**
   * Samba bug 14932 (smbtorture smb2.session.ntlmssp_bug14932): an NTLMv2 response whose client blob has a
   * broken AV_PAIR list (the "net diag" tool's NTLMv2_CLIENT_CHALLENGE) is a malformed message,
   * STATUS_INVALID_PARAMETER, even though its NTProofStr is wrong too: the blob is parsed first.
   */
  @Test
  void malformedClientBlobIsInvalidParameterBeforeTheProofCheck() throws AuthException {
    NtlmServer s = server();
    NtlmServer.Exchange ex = s.challenge(negotiate());
    Bytes nt = Bytes.hex("abababababababababababababababab" + "0101000000000000" + "3f3f3f3f3f3f3f3f"
        + "b8823af1b3dd0815" + "00000000" + "11a20881" + "503822782b9447fe54947bff17275ab4"
        + "f418badc2c38fd5bfb0ec1851ecc92bb9bb1c4d55314ff8c7649f5459019a2");
    assertThat(nt.length()).isEqualTo(95);
    NtlmMessages.Authenticate a = new NtlmMessages.Authenticate(Bytes.zeros(24), nt, "WORKGROUP", "alice", "",
        Bytes.zeros(16), ex.flags(), null);
    assertThatThrownBy(() -> s.verify(ex, a, Bytes.EMPTY, NtlmCrypto.ntHash("s3cret!")))
        .isInstanceOf(AuthException.class).hasMessageContaining("AV_PAIR")
        .extracting(e -> ((AuthException) e).status()).isEqualTo(NtStatus.INVALID_PARAMETER);
  }

  @Test
  void truncatedAndHostileMessagesFailCleanly() throws AuthException {
    Bytes auth = clientAuthenticate(negotiate(), server().challenge(negotiate()).challenge(), "bob", "D", "pw",
        true);
    byte[] a = auth.toArray();
    for (int n = 0; n < a.length; n++) {
      try {
        NtlmMessages.Authenticate.decode(Bytes.of(Arrays.copyOf(a, n)));
      } catch (AuthException e) {
        assertThat(e.status()).isEqualTo(NtStatus.INVALID_PARAMETER);
      }
    }
    for (int at = 12; at < 64; at++) {
      byte[] t = a.clone();
      t[at] = (byte) 0xFF;
      t[at + 1 < t.length ? at + 1 : at] = (byte) 0xFF;
      try {
        NtlmMessages.Authenticate.decode(Bytes.of(t));
      } catch (AuthException e) {
        assertThat(e.getMessage()).isNotBlank();
      }
    }
    byte[] neg = negotiate().toArray();
    for (int n = 0; n < 16; n++) {
      int len = n;
      assertThatThrownBy(() -> NtlmMessages.Negotiate.decode(Bytes.of(Arrays.copyOf(neg, len))))
          .isInstanceOf(AuthException.class);
    }
    byte[] avs = new AvPairs(List.of(AvPairs.text(1, "x"))).encode().toArray();
    for (int n = 0; n < avs.length; n++) {
      int len = n;
      assertThatThrownBy(() -> AvPairs.decode(Bytes.of(Arrays.copyOf(avs, len)))).isInstanceOf(AuthException.class);
    }
  }
}
