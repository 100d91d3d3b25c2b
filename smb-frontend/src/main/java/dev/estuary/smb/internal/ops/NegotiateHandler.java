package dev.estuary.smb.internal.ops;

import dev.estuary.smb.internal.auth.Spnego;
import dev.estuary.smb.internal.codec.Bytes;
import dev.estuary.smb.internal.codec.Negotiate;
import dev.estuary.smb.internal.codec.NegotiateContext;
import dev.estuary.smb.internal.codec.NtStatus;
import dev.estuary.smb.internal.codec.SmbDecodeException;
import dev.estuary.smb.internal.crypto.Cipher;
import dev.estuary.smb.internal.crypto.PreauthHash;
import dev.estuary.smb.internal.crypto.SigningAlgorithm;
import dev.estuary.smb.internal.state.ConnectionState;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * NEGOTIATE ([MS-SMB2] 3.3.5.4): picks the highest common dialect of 2.0.2 to 3.1.1, requires signing
 * (SecurityMode SIGNING_REQUIRED, as Windows 11 24H2 expects of a server, smb.md §5) unless the settings
 * turn that off, and for 3.1.1
 * negotiates the preauth hash (SHA-512), the cipher and the signing algorithm from the client's lists in
 * the client's order. Compression and the other contexts are declined by not answering them. Also answers
 * the SMB1 multi-protocol probe ({@link #smb1Probe}).
 */
public final class NegotiateHandler implements SmbHandler {
  /** The dialects served, lowest first. */
  static final List<Integer> DIALECTS = List.of(Negotiate.SMB_2_0_2, Negotiate.SMB_2_1, Negotiate.SMB_3_0,
      Negotiate.SMB_3_0_2, Negotiate.SMB_3_1_1);
  /** 2.0.2 has no multi-credit requests, so its sizes stay at 64 KiB (3.3.5.4). */
  private static final int SMB202_MAX = 65_536;

  private final ServerServices services;

  /**
   * A handler.
   *
   * @param services the server's services
   */
  public NegotiateHandler(ServerServices services) {
    this.services = services;
  }
  /** SecurityMode: signing always enabled, required unless the settings say otherwise (3.3.5.4). */
  private int securityMode() {
    return Negotiate.SIGNING_ENABLED | (services.settings().signingRequired() ? Negotiate.SIGNING_REQUIRED : 0);
  }


  @Override
  public SmbReply handle(SmbRequest request) throws SmbDecodeException {
    ConnectionState c = request.connection();
    Negotiate.Request n = (Negotiate.Request) request.body();
    if (c.negotiated() != null) {
      // 3.3.5.4: a second NEGOTIATE on a negotiated connection drops it.
      return SmbReply.disconnect(n);
    }
    int dialect = 0;
    for (int d : DIALECTS) {
      if (n.dialects().contains(d)) {
        dialect = d;
      }
    }
    if (dialect == 0) {
      return SmbReply.error(NtStatus.NOT_SUPPORTED, n);
    }
    List<NegotiateContext> out = List.of();
    Cipher cipher = null;
    SigningAlgorithm signing = dialect >= Negotiate.SMB_3_0 ? SigningAlgorithm.AES_CMAC
        : SigningAlgorithm.HMAC_SHA256;
    // LEASING from 2.1 on: leases v1/v2 with breaks are served (CreateCaching); DIRECTORY_LEASING is not.
    int capabilities = dialect == Negotiate.SMB_2_0_2 ? 0 : Negotiate.CAP_LARGE_MTU | Negotiate.CAP_LEASING;
    byte[] preauth = c.preauthHash();
    if (dialect == Negotiate.SMB_3_1_1) {
      Set<Integer> seen = new HashSet<>();
      NegotiateContext.PreauthIntegrity pi = null;
      NegotiateContext.Encryption enc = null;
      NegotiateContext.Signing sig = null;
      for (NegotiateContext ctx : n.contexts()) {
        if (!seen.add(ctx.type())) {
          // 3.3.5.4: a context type present twice fails with STATUS_INVALID_PARAMETER.
          throw new SmbDecodeException(String.format("NegotiateContext 0x%04X: present twice (expected: at most"
              + " once)", ctx.type()));
        }
        switch (ctx) {
          case NegotiateContext.PreauthIntegrity p -> pi = p;
          case NegotiateContext.Encryption e -> enc = e;
          case NegotiateContext.Signing s -> sig = s;
          default -> {
            // Compression, netname, transport and RDMA contexts: not offered back, so declined.
          }
        }
      }
      if (pi == null) {
        throw new SmbDecodeException("NEGOTIATE 3.1.1: no PREAUTH_INTEGRITY_CAPABILITIES context (expected: one,"
            + " 3.3.5.4)");
      }
      if (!pi.hashAlgorithms().contains(NegotiateContext.PreauthIntegrity.SHA_512)) {
        return SmbReply.error(NtStatus.NO_PREAUTH_INTEGRITY_HASH_OVERLAP, n);
      }
      List<NegotiateContext> ctxs = new ArrayList<>();
      byte[] salt = new byte[32];
      services.random().nextBytes(salt);
      ctxs.add(new NegotiateContext.PreauthIntegrity(List.of(NegotiateContext.PreauthIntegrity.SHA_512),
          Bytes.of(salt)));
      if (enc != null) {
        for (int id : enc.ciphers()) {
          if (Cipher.of(id) != null) {
            cipher = Cipher.of(id);
            break;
          }
        }
        // 2.2.4.1.2 / 3.3.5.4: no common cipher is answered with the single cipher 0.
        ctxs.add(new NegotiateContext.Encryption(List.of(cipher == null ? 0 : cipher.id())));
      }
      if (sig != null) {
        for (int id : sig.algorithms()) {
          if (SigningAlgorithm.of(id) != null) {
            signing = SigningAlgorithm.of(id);
            break;
          }
        }
        ctxs.add(new NegotiateContext.Signing(List.of(signing.id())));
      }
      out = ctxs;
      preauth = PreauthHash.next(preauth, io.netty.buffer.Unpooled.wrappedBuffer(request.message().toArray()), 0,
          request.message().length());
    } else if (dialect >= Negotiate.SMB_3_0 && (n.capabilities() & Negotiate.CAP_ENCRYPTION) != 0) {
      // 3.0/3.0.2 encrypt with AES-128-CCM when both sides announce the capability (3.3.5.4).
      capabilities |= Negotiate.CAP_ENCRYPTION;
      cipher = Cipher.AES_128_CCM;
    }
    int max = dialect == Negotiate.SMB_2_0_2 ? SMB202_MAX : 0;
    var limits = services.settings().limits();
    long filetime = (services.clock().millis() + 11_644_473_600_000L) * 10_000L;
    Negotiate.Response r = new Negotiate.Response(securityMode(), dialect, services.settings().serverGuid(),
        capabilities, max > 0 ? max : limits.maxTransactSize(), max > 0 ? max : limits.maxReadSize(),
        max > 0 ? max : limits.maxWriteSize(), filetime, 0, Spnego.negTokenInit2(List.of(Spnego.NTLMSSP)), out);
    c.negotiated(new ConnectionState.Negotiated(dialect, n.capabilities(), n.clientGuid(), n.securityMode(),
        n.dialects(), capabilities, securityMode(), cipher, signing));
    c.smb2Wildcard(false);
    boolean chain = dialect == Negotiate.SMB_3_1_1;
    byte[] afterRequest = preauth;
    return new SmbReply(NtStatus.SUCCESS, r, null, -1, false, chain
        ? encoded -> c.preauthHash(PreauthHash.next(afterRequest, io.netty.buffer.Unpooled.wrappedBuffer(encoded),
            0, encoded.length))
        : null);
  }

  /**
   * Answers an SMB1 multi-protocol NEGOTIATE (3.3.5.3.1): with "SMB 2.???" offered, DialectRevision
   * 0x02FF and the connection waits for an SMB2 NEGOTIATE; with only "SMB 2.002", 2.0.2 is negotiated.
   *
   * @param c the connection
   * @param revision 0x02FF or 0x0202 ({@link dev.estuary.smb.internal.codec.Smb1Negotiate#answer})
   * @return the SMB2 NEGOTIATE response body
   */
  public Negotiate.Response smb1Probe(ConnectionState c, int revision) {
    long filetime = (services.clock().millis() + 11_644_473_600_000L) * 10_000L;
    if (revision == Negotiate.SMB_2_0_2) {
      c.negotiated(new ConnectionState.Negotiated(revision, 0, Bytes.zeros(16), 0, List.of(revision), 0,
          securityMode(), null, SigningAlgorithm.HMAC_SHA256));
    } else {
      c.smb2Wildcard(true);
    }
    return new Negotiate.Response(securityMode(), revision, services.settings().serverGuid(), 0, SMB202_MAX,
        SMB202_MAX, SMB202_MAX, filetime, 0, Spnego.negTokenInit2(List.of(Spnego.NTLMSSP)), List.of());
  }
}
