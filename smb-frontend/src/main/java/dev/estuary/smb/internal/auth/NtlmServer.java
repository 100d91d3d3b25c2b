package dev.estuary.smb.internal.auth;

import static dev.estuary.smb.internal.auth.NtlmMessages.*;

import dev.estuary.smb.internal.codec.Bytes;
import dev.estuary.smb.internal.codec.NtStatus;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * The server side of NTLMSSP with NTLMv2 ([MS-NLMP] 3.2.5 server, 3.3.2 NTLMv2). {@link #challenge} answers a
 * NEGOTIATE_MESSAGE; {@link #verify} checks an AUTHENTICATE_MESSAGE against the user's NT hash, which the
 * caller looks up (the identity service) from the decoded user name, so this class knows no user store.
 * Anonymous, NTLMv1 and LM-only attempts are refused: signing needs a real session key (smb.md §1.2).
 */
public final class NtlmServer {
  /** Windows 10 / Server 2016 version block (major 10, minor 0, build 17763 = 0x4563, NTLM revision 15). */
  private static final Bytes VERSION = Bytes.hex("0a0063450000000f");

  /**
   * Names the server announces in TargetInfo (2.2.1.2: NetBIOS and DNS computer and domain names).
   *
   * @param netbiosComputer MsvAvNbComputerName
   * @param netbiosDomain MsvAvNbDomainName (also TargetName)
   * @param dnsComputer MsvAvDnsComputerName
   * @param dnsDomain MsvAvDnsDomainName
   */
  public record Names(String netbiosComputer, String netbiosDomain, String dnsComputer, String dnsDomain) {
    /** Validates. */
    public Names {
      Objects.requireNonNull(netbiosComputer, "netbiosComputer");
      Objects.requireNonNull(netbiosDomain, "netbiosDomain");
      Objects.requireNonNull(dnsComputer, "dnsComputer");
      Objects.requireNonNull(dnsDomain, "dnsDomain");
    }
  }

  /**
   * The state of one exchange between CHALLENGE and AUTHENTICATE. The raw messages are kept because the
   * MIC covers all three (3.2.5.1.2).
   *
   * @param negotiate the client's NEGOTIATE_MESSAGE as received
   * @param challenge the CHALLENGE_MESSAGE as sent
   * @param serverChallenge ServerChallenge
   * @param flags the flags sent in the CHALLENGE
   */
  public record Exchange(Bytes negotiate, Bytes challenge, Bytes serverChallenge, int flags) {}

  /**
   * A verified user.
   *
   * @param user UserName as the client sent it
   * @param domain DomainName as the client sent it
   * @param exportedSessionKey the GSS session key (ExportedSessionKey, 16 bytes)
   * @param flags the negotiated flags
   */
  public record Result(String user, String domain, Bytes exportedSessionKey, int flags) {
    @Override
    public String toString() {
      return "Result[user=" + user + ", domain=" + domain + ", key=redacted]";
    }
  }

  private final Names names;
  private final RandomGenerator random;
  private final Clock clock;

  /** A server; {@code random} must be cryptographically strong (a SecureRandom) outside tests. */
  public NtlmServer(Names names, RandomGenerator random, Clock clock) {
    this.names = Objects.requireNonNull(names, "names");
    this.random = Objects.requireNonNull(random, "random");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /** Answers a NEGOTIATE_MESSAGE with a fresh challenge. */
  public Exchange challenge(Bytes negotiateMessage) throws AuthException {
    NtlmMessages.Negotiate n = NtlmMessages.Negotiate.decode(negotiateMessage);
    if ((n.flags() & NEGOTIATE_UNICODE) == 0) {
      throw new AuthException(NtStatus.INVALID_PARAMETER, "NEGOTIATE flags: "
          + Integer.toHexString(n.flags()) + " (expected: NEGOTIATE_UNICODE)");
    }
    int flags = NEGOTIATE_UNICODE | REQUEST_TARGET | NEGOTIATE_NTLM | NEGOTIATE_ALWAYS_SIGN | TARGET_TYPE_SERVER
        | NEGOTIATE_EXTENDED_SESSIONSECURITY | NEGOTIATE_TARGET_INFO | NEGOTIATE_VERSION | NEGOTIATE_128
        | (n.flags() & (NEGOTIATE_KEY_EXCH | NEGOTIATE_SIGN | NEGOTIATE_SEAL | NEGOTIATE_56));
    byte[] sc = new byte[8];
    random.nextBytes(sc);
    Bytes serverChallenge = Bytes.of(sc);
    // MsvAvTimestamp (2.2.2.1): its presence tells the client to send a MIC (3.1.5.1.2).
    long filetime = (clock.millis() + 11_644_473_600_000L) * 10_000L;
    byte[] ts = new byte[8];
    for (int i = 0; i < 8; i++) {
      ts[i] = (byte) (filetime >>> (8 * i));
    }
    AvPairs info = new AvPairs(List.of(
        AvPairs.text(AvPairs.NB_DOMAIN_NAME, names.netbiosDomain()),
        AvPairs.text(AvPairs.NB_COMPUTER_NAME, names.netbiosComputer()),
        AvPairs.text(AvPairs.DNS_DOMAIN_NAME, names.dnsDomain()),
        AvPairs.text(AvPairs.DNS_COMPUTER_NAME, names.dnsComputer()),
        new AvPairs.Pair(AvPairs.TIMESTAMP, Bytes.of(ts))));
    Bytes challenge = new Challenge(flags, names.netbiosDomain(), serverChallenge, info, VERSION).encode();
    return new Exchange(negotiateMessage, challenge, serverChallenge, flags);
  }

  /**
   * Verifies an AUTHENTICATE_MESSAGE ({@code raw}, decoded as {@code auth}) against {@code ntHash}
   * (3.3.2: NTProofStr = HMAC-MD5(NTOWFv2, ServerChallenge || temp)). Derives the session key
   * (SessionBaseKey, then ExportedSessionKey via RC4 under key exchange) and checks the MIC when the client
   * flagged one.
   */
  public Result verify(Exchange exchange, Authenticate auth, Bytes raw, byte[] ntHash) throws AuthException {
    if (ntHash.length != 16) {
      throw new IllegalArgumentException("ntHash: " + ntHash.length + " bytes (expected: 16)");
    }
    if (auth.isAnonymous()) {
      throw new AuthException(NtStatus.LOGON_FAILURE, "anonymous NTLM logon refused (signing needs a session key)");
    }
    Bytes nt = auth.ntResponse();
    // An NTLMv2 response is NTProofStr (16) + the client blob (>= 28: header, timestamp, challenge, AV list).
    if (nt.length() < 16 + 28 + 4) {
      throw new AuthException(NtStatus.LOGON_FAILURE, "NtChallengeResponse: " + nt.length()
          + " bytes (expected: an NTLMv2 response, >= 48; NTLMv1 and LM are refused)");
    }
    byte[] ntBytes = nt.toArray();
    byte[] proof = Arrays.copyOf(ntBytes, 16);
    byte[] blob = Arrays.copyOfRange(ntBytes, 16, ntBytes.length);
    // The client blob (NTLMv2_CLIENT_CHALLENGE, MS-NLMP 2.2.2.7) is parsed before the proof is checked: a
    // malformed AV_PAIR list is a malformed message (STATUS_INVALID_PARAMETER, as Samba answers; Samba
    // bug 14932), not a wrong password.
    AvPairs clientInfo = AvPairs.decode(Bytes.of(Arrays.copyOfRange(blob, 28, blob.length)));
    byte[] key = NtlmCrypto.ntowfV2(ntHash, auth.user(), auth.domain());
    byte[] expected = NtlmCrypto.hmacMd5(key, exchange.serverChallenge().toArray(), blob);
    if (!MessageDigest.isEqual(expected, proof)) {
      throw new AuthException(NtStatus.LOGON_FAILURE, "NTLMv2 proof does not match for user " + auth.user());
    }
    byte[] sessionBaseKey = NtlmCrypto.hmacMd5(key, proof);
    // 3.4.5.1: with NTLMv2 the KeyExchangeKey is the SessionBaseKey.
    byte[] exported = sessionBaseKey;
    if ((exchange.flags() & NEGOTIATE_KEY_EXCH) != 0) {
      if (auth.encryptedRandomSessionKey().length() != 16) {
        throw new AuthException(NtStatus.INVALID_PARAMETER, "EncryptedRandomSessionKey: "
            + auth.encryptedRandomSessionKey().length() + " bytes (expected: 16 under KEY_EXCH)");
      }
      exported = NtlmCrypto.rc4(sessionBaseKey, auth.encryptedRandomSessionKey().toArray());
    }
    if ((clientInfo.flags() & AvPairs.FLAG_MIC_PRESENT) != 0) {
      Bytes mic = auth.mic();
      if (mic == null) {
        throw new AuthException(NtStatus.LOGON_FAILURE, "MsvAvFlags says MIC present but the message has none");
      }
      if (!micMatches(Bytes.of(exported), exchange, raw, mic)) {
        throw new AuthException(NtStatus.LOGON_FAILURE, "NTLM MIC does not match (messages altered in transit)");
      }
    }
    return new Result(auth.user(), auth.domain(), Bytes.of(exported), exchange.flags());
  }

  /**
   * The server's SPNEGO mechListMIC for the final NegTokenResp ([MS-SPNG] 3.3.5.1; RFC 4178 §5): NTLM
   * GSS_GetMIC over the DER of the client's mechTypes, server-to-client keys, sequence number 0.
   */
  public static Bytes mechListMic(Result result, Bytes mechTypesDer) {
    return Bytes.of(NtlmCrypto.getMic(result.exportedSessionKey().toArray(), false, 0, mechTypesDer.toArray(),
        (result.flags() & NEGOTIATE_KEY_EXCH) != 0));
  }

  /** Whether the client's mechListMIC (client-to-server keys, sequence number 0) is right; constant-time. */
  public static boolean verifyMechListMic(Result result, Bytes mechTypesDer, Bytes mic) {
    byte[] want = NtlmCrypto.getMic(result.exportedSessionKey().toArray(), true, 0, mechTypesDer.toArray(),
        (result.flags() & NEGOTIATE_KEY_EXCH) != 0);
    return MessageDigest.isEqual(want, mic.toArray());
  }

  /**
   * Whether {@code mic} is HMAC-MD5(ExportedSessionKey, NEGOTIATE || CHALLENGE || AUTHENTICATE with its MIC
   * field zeroed) (3.2.5.1.2); constant-time.
   */
  public static boolean micMatches(Bytes exportedSessionKey, Exchange exchange, Bytes rawAuthenticate, Bytes mic) {
    byte[] zeroed = rawAuthenticate.toArray();
    if (zeroed.length < Authenticate.MIC_OFFSET + 16) {
      return false;
    }
    Arrays.fill(zeroed, Authenticate.MIC_OFFSET, Authenticate.MIC_OFFSET + 16, (byte) 0);
    byte[] want = NtlmCrypto.hmacMd5(exportedSessionKey.toArray(), exchange.negotiate().toArray(),
        exchange.challenge().toArray(), zeroed);
    return MessageDigest.isEqual(want, mic.toArray());
  }
}
