package dev.estuary.smb.testing;

import dev.estuary.smb.internal.auth.NtlmCrypto;
import dev.estuary.smb.internal.auth.NtlmMessages;
import dev.estuary.smb.internal.auth.Spnego;
import dev.estuary.smb.internal.codec.Bytes;
import dev.estuary.smb.internal.codec.CodecLimits;
import dev.estuary.smb.internal.codec.Negotiate;
import dev.estuary.smb.internal.codec.NegotiateContext;
import dev.estuary.smb.internal.codec.SessionSetup;
import dev.estuary.smb.internal.codec.Smb2Header;
import dev.estuary.smb.internal.codec.SmbCommand;
import dev.estuary.smb.internal.codec.SmbDecodeException;
import dev.estuary.smb.internal.codec.SmbMessage;
import dev.estuary.smb.internal.codec.SmbMessages;
import dev.estuary.smb.internal.codec.TreeConnect;
import dev.estuary.smb.internal.codec.TransformHeader;
import dev.estuary.smb.internal.crypto.Cipher;
import dev.estuary.smb.internal.crypto.PreauthHash;
import dev.estuary.smb.internal.crypto.TransformCipher;
import dev.estuary.smb.internal.crypto.Signer;
import dev.estuary.smb.internal.crypto.SigningAlgorithm;
import dev.estuary.smb.internal.crypto.SmbKeys;
import dev.estuary.smb.internal.server.Dispatcher;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A hand-made SMB2 client that talks to a {@link Dispatcher} directly (no socket), for the cases no
 * real client sends on purpose: unsigned or tampered requests, reused MessageIds, hand-built compounds,
 * SMB1 probes, VALIDATE_NEGOTIATE_INFO. It runs a minimal NTLMv2 client (no MIC, no key exchange, which
 * MS-NLMP allows) to get a real session key.
 */
public final class RawClient {
  /** The client GUID it negotiates with. */
  public static final Bytes CLIENT_GUID = Bytes.hex("aabbccddeeff00112233445566778899");

  private final Dispatcher dispatcher;
  private long nextMessageId;
  private long sessionId;
  private int dialect;
  private @Nullable Signer signer;
  private @Nullable TransformCipher encryptor;
  private @Nullable TransformCipher decryptor;
  private long nonce;
  private boolean lastEncrypted;
  private byte[] preauth = PreauthHash.initial();
  private Bytes clientGuid = CLIENT_GUID;
  private long previousSessionId;

  /**
   * A client of one connection.
   *
   * @param dispatcher the connection's dispatcher
   */
  public RawClient(Dispatcher dispatcher) {
    this.dispatcher = dispatcher;
  }

  /**
   * Another client on the same connection (same dialect and connection preauth hash), starting at
   * this client's next MessageId, for a second session.
   *
   * @return the new client
   */
  public RawClient fork() {
    RawClient c = new RawClient(dispatcher);
    c.dialect = dialect;
    c.preauth = preauth.clone();
    c.nextMessageId = nextMessageId;
    return c;
  }

  /** One decoded response. */
  public record Reply(Smb2Header header, SmbMessage body) {
    /** @return the status */
    public int status() {
      return header.status();
    }
  }

  /**
   * The ClientGuid the next NEGOTIATE sends ({@link #CLIENT_GUID} by default): leases and durable handles
   * belong to a ClientGuid, so tests of two clients give each its own.
   *
   * @param guid 16 bytes
   */
  public void clientGuid(Bytes guid) {
    this.clientGuid = guid;
  }

  /**
   * The PreviousSessionId the next authentication sends (a session reconnect, [MS-SMB2] 3.3.5.5.3).
   *
   * @param id the session to take over, 0 for none
   */
  public void previousSessionId(long id) {
    this.previousSessionId = id;
  }

  /** @return the session id */
  public long sessionId() {
    return sessionId;
  }

  /** @return the next MessageId this client would use */
  public long nextMessageId() {
    return nextMessageId;
  }

  /** @param id the next MessageId to use */
  public void nextMessageId(long id) {
    this.nextMessageId = id;
  }

  /** @return the session's signer (null before authentication) */
  public @Nullable Signer signer() {
    return signer;
  }

  /**
   * A request header for this client's session.
   *
   * @param command the command
   * @param treeId the TreeId
   * @return the header (CreditRequest 8)
   */
  public Smb2Header header(SmbCommand command, int treeId) {
    return new Smb2Header(1, 0, command.code(), 8, 0, 0, nextMessageId++, 0, 0, treeId, sessionId,
        Bytes.zeros(16));
  }

  /**
   * Encodes messages as one frame (a compound when more than one), signing each when {@code sign}.
   *
   * @param headers the headers
   * @param bodies the bodies
   * @param sign whether to sign with the session's key
   * @return the frame
   */
  public ByteBuf frame(List<Smb2Header> headers, List<? extends SmbMessage> bodies, boolean sign) {
    ByteBuf buf = Unpooled.buffer();
    int[] starts = SmbMessages.encodeCompound(buf, headers, bodies);
    if (sign) {
      for (int i = 0; i < starts.length; i++) {
        int end = i + 1 < starts.length ? starts[i + 1] : buf.writerIndex();
        signer.sign(buf, starts[i], end - starts[i]);
      }
    }
    return buf;
  }

  /**
   * Sends a frame and decodes the answer.
   *
   * @param frame the frame
   * @return the responses, or null when the server dropped the connection
   * @throws SmbDecodeException if the response does not decode
   */
  public @Nullable List<Reply> send(ByteBuf frame) throws SmbDecodeException {
    Dispatcher.Output out = dispatcher.process(frame);
    frame.release();
    if (out.disconnect()) {
      return null;
    }
    List<Reply> replies = new ArrayList<>();
    ByteBuf r = out.response();
    if (r == null) {
      return replies;
    }
    lastEncrypted = TransformHeader.isTransform(r);
    if (lastEncrypted) {
      r = decryptor.decrypt(r);
    }
    for (SmbMessages.Raw raw : SmbMessages.split(r, r.readerIndex(), r.readableBytes())) {
      replies.add(new Reply(raw.header(), SmbMessages.decodeResponse(r, raw, CodecLimits.DEFAULT)));
    }
    lastResponse = r;
    return replies;
  }

  private @Nullable ByteBuf lastResponse;

  /** @return whether the last response frame came encrypted */
  public boolean lastEncrypted() {
    return lastEncrypted;
  }

  /**
   * Encrypts a frame under the session's client-to-server key (3.1.4.3), as the client sends it.
   *
   * @param plain the frame
   * @param transformSessionId the SessionId to put in the TRANSFORM_HEADER
   * @return the transform frame
   */
  public ByteBuf encrypt(ByteBuf plain, long transformSessionId) {
    byte[] n = new byte[12];
    n[0] = (byte) ++nonce;
    ByteBuf out = encryptor.encrypt(plain, n, transformSessionId);
    plain.release();
    return out;
  }

  /** @return the bytes of the last response frame (decrypted) */
  public ByteBuf lastResponse() {
    return lastResponse;
  }

  /**
   * Sends one request and returns its single response.
   *
   * @param h the header
   * @param body the body
   * @param sign whether to sign
   * @return the response, or null after a disconnect
   * @throws SmbDecodeException if the response does not decode
   */
  public @Nullable Reply call(Smb2Header h, SmbMessage body, boolean sign) throws SmbDecodeException {
    List<Reply> r = send(frame(List.of(h), List.of(body), sign));
    return r == null ? null : r.get(0);
  }

  /**
   * NEGOTIATE offering {@code dialects} (with the 3.1.1 contexts when offered).
   *
   * @param dialects the dialects
   * @return the response
   * @throws SmbDecodeException if it does not decode
   */
  public Reply negotiate(Integer... dialects) throws SmbDecodeException {
    List<NegotiateContext> ctx = List.of();
    if (List.of(dialects).contains(Negotiate.SMB_3_1_1)) {
      ctx = List.of(new NegotiateContext.PreauthIntegrity(List.of(1), Bytes.zeros(32)),
          new NegotiateContext.Encryption(List.of(2, 1)), new NegotiateContext.Signing(List.of(2, 1)));
    }
    Negotiate.Request n = new Negotiate.Request(Negotiate.SIGNING_ENABLED, 0x7F, clientGuid, List.of(dialects),
        ctx);
    ByteBuf f = frame(List.of(header(SmbCommand.NEGOTIATE, 0)), List.of(n), false);
    preauth = PreauthHash.next(preauth, f, 0, f.readableBytes());
    Reply r = send(f).get(0);
    dialect = ((Negotiate.Response) r.body()).dialectRevision();
    ByteBuf resp = lastResponse;
    preauth = PreauthHash.next(preauth, resp, 0, resp.readableBytes());
    return r;
  }

  /**
   * Authenticates with NTLMv2 over SPNEGO.
   *
   * @param user the user
   * @param password the password
   * @return the final SESSION_SETUP response
   * @throws Exception if a message does not decode
   */
  public Reply authenticate(String user, String password) throws Exception {
    return authenticate(user, password, previousSessionId);
  }

  /**
   * Authenticates with NTLMv2 over SPNEGO, naming a previous session to replace ([MS-SMB2] 3.3.5.5.3).
   *
   * @param user the user
   * @param password the password
   * @param previousSessionId PreviousSessionId (0 for none)
   * @return the final SESSION_SETUP response
   * @throws Exception if a message does not decode
   */
  public Reply authenticate(String user, String password, long previousSessionId) throws Exception {
    int flags = NtlmMessages.NEGOTIATE_UNICODE | NtlmMessages.NEGOTIATE_NTLM | NtlmMessages.REQUEST_TARGET
        | NtlmMessages.NEGOTIATE_EXTENDED_SESSIONSECURITY | NtlmMessages.NEGOTIATE_SIGN;
    Bytes init = Spnego.negTokenInit(List.of(Spnego.NTLMSSP), new NtlmMessages.Negotiate(flags).encode());
    // Re-authentication of a valid session: its requests are signed with the session's key (3.3.5.2.4).
    boolean reauth = signer != null;
    ByteBuf f1 = frame(List.of(header(SmbCommand.SESSION_SETUP, 0)), List.of(new SessionSetup.Request(0, 1, 0, 0,
        previousSessionId, init)), reauth);
    byte[] sessionPreauth = PreauthHash.next(preauth, f1, 0, f1.readableBytes());
    Reply r1 = send(f1).get(0);
    if (r1.status() != 0xC0000016) {
      return r1; // refused at the first leg (not MORE_PROCESSING_REQUIRED)
    }
    sessionPreauth = PreauthHash.next(sessionPreauth, lastResponse, 0, lastResponse.readableBytes());
    sessionId = r1.header().sessionId();
    Spnego.NegTokenResp resp = Spnego.decodeResp(((SessionSetup.Response) r1.body()).securityBuffer());
    NtlmMessages.Challenge ch = NtlmMessages.Challenge.decode(resp.responseToken());
    byte[] key = NtlmCrypto.ntowfV2(NtlmCrypto.ntHash(password), user, "WORKGROUP");
    ByteBuf temp = Unpooled.buffer();
    temp.writeShortLE(0x0101).writeIntLE(0).writeShort(0);
    temp.writeLongLE(0x01DC_0000_0000_0000L);
    temp.writeLongLE(0x1122334455667788L);
    temp.writeIntLE(0);
    ch.targetInfo().encode().writeTo(temp);
    temp.writeIntLE(0);
    byte[] blob = ByteBufUtil.getBytes(temp);
    byte[] proof = NtlmCrypto.hmacMd5(key, ch.serverChallenge().toArray(), blob);
    byte[] sessionKey = NtlmCrypto.hmacMd5(key, proof);
    byte[] nt = new byte[16 + blob.length];
    System.arraycopy(proof, 0, nt, 0, 16);
    System.arraycopy(blob, 0, nt, 16, blob.length);
    Bytes auth = authenticateMessage(flags, user, "WORKGROUP", nt);
    Bytes tok = new Spnego.NegTokenResp(-1, null, auth, null).encode();
    ByteBuf f2 = frame(List.of(header(SmbCommand.SESSION_SETUP, 0)), List.of(new SessionSetup.Request(0, 1, 0, 0,
        previousSessionId, tok)), reauth);
    sessionPreauth = PreauthHash.next(sessionPreauth, f2, 0, f2.readableBytes());
    Reply r2 = send(f2).get(0);
    if (r2.status() == 0 && !reauth) {
      Cipher cipher = dialect == Negotiate.SMB_3_1_1 ? Cipher.AES_128_GCM : null;
      SmbKeys keys = SmbKeys.derive(dialect, sessionKey, sessionPreauth, cipher);
      if (cipher != null) {
        // Named from the server's side: the client encrypts with the server's decryption key.
        encryptor = new TransformCipher(cipher, keys.decryptionKey());
        decryptor = new TransformCipher(cipher, keys.encryptionKey());
      }
      SigningAlgorithm alg = dialect >= Negotiate.SMB_3_1_1 ? SigningAlgorithm.AES_GMAC
          : dialect >= Negotiate.SMB_3_0 ? SigningAlgorithm.AES_CMAC : SigningAlgorithm.HMAC_SHA256;
      signer = new Signer(alg, keys.signingKey());
    }
    return r2;
  }

  /**
   * TREE_CONNECT to {@code \\127.0.0.1\share}, signed.
   *
   * @param share the share
   * @return the response
   * @throws SmbDecodeException if it does not decode
   */
  public Reply treeConnect(String share) throws SmbDecodeException {
    return call(header(SmbCommand.TREE_CONNECT, 0), new TreeConnect.Request(0, "\\\\127.0.0.1\\" + share), true);
  }

  /** AUTHENTICATE_MESSAGE ([MS-NLMP] 2.2.1.3) without Version and MIC. */
  private static Bytes authenticateMessage(int flags, String user, String domain, byte[] nt) {
    byte[] d = domain.getBytes(StandardCharsets.UTF_16LE);
    byte[] u = user.getBytes(StandardCharsets.UTF_16LE);
    byte[] w = "RAW".getBytes(StandardCharsets.UTF_16LE);
    byte[] lm = new byte[24];
    ByteBuf b = Unpooled.buffer();
    b.writeLongLE(0x005053534d4c544eL).writeIntLE(3);
    int at = 64;
    for (byte[] f : new byte[][] {lm, nt, d, u, w, new byte[0]}) {
      b.writeShortLE(f.length).writeShortLE(f.length).writeIntLE(at);
      at += f.length;
    }
    b.writeIntLE(flags);
    for (byte[] f : new byte[][] {lm, nt, d, u, w}) {
      b.writeBytes(f);
    }
    return Bytes.of(ByteBufUtil.getBytes(b));
  }
}
