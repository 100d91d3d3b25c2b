package dev.estuary.smb.internal.state;

import dev.estuary.core.Principal;
import dev.estuary.smb.internal.auth.NtlmServer;
import dev.estuary.smb.internal.codec.Bytes;
import dev.estuary.smb.internal.crypto.Cipher;
import dev.estuary.smb.internal.crypto.Signer;
import dev.estuary.smb.internal.crypto.SmbKeys;
import dev.estuary.smb.internal.crypto.TransformCipher;
import dev.estuary.smb.internal.ipc.PipeTable;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * One session ([MS-SMB2] 3.3.1.8): in progress while NTLM runs, valid once authenticated. Holds the keys,
 * the signer, the ciphers and the tree connects. Encryption nonces come from a per-session counter, so no
 * nonce repeats under a key (3.1.4.3); the session refuses to encrypt once the counter would wrap.
 */
public final class SessionState {
  private final long sessionId;
  private byte[] preauthHash;
  private NtlmServer.@Nullable Exchange exchange;
  private Bytes mechTypes = Bytes.EMPTY;
  private boolean rawNtlm;
  private @Nullable Principal principal;
  private @Nullable Signer signer;
  private @Nullable TransformCipher encryptor;
  private @Nullable TransformCipher decryptor;
  private boolean encryptData;
  private boolean signingRequired = true;
  private long nonceCounter;
  private final Map<Integer, TreeState> trees = new LinkedHashMap<>();
  private final OpenTable opens;
  private int nextTreeId = 1;
  private @Nullable Instant establishedAt;
  private final PipeTable pipes = new PipeTable();

  /**
   * A new, in-progress session.
   *
   * @param sessionId SessionId
   * @param preauthHash the connection's preauth hash after NEGOTIATE (3.1.1), copied
   */
  public SessionState(long sessionId, byte[] preauthHash) {
    this.sessionId = sessionId;
    this.preauthHash = preauthHash.clone();
    this.opens = new OpenTable(sessionId);
  }

  /** @return SessionId */
  public long sessionId() {
    return sessionId;
  }

  /** @return Session.PreauthIntegrityHashValue */
  public byte[] preauthHash() {
    return preauthHash.clone();
  }

  /** @param hash the next preauth hash value */
  public void preauthHash(byte[] hash) {
    this.preauthHash = hash.clone();
  }

  /** @return the NTLM exchange in progress, if any */
  public NtlmServer.@Nullable Exchange exchange() {
    return exchange;
  }

  /**
   * Records the NTLM exchange between CHALLENGE and AUTHENTICATE.
   *
   * @param exchange the exchange, or null when it ended
   * @param mechTypes the DER of the client's SPNEGO mechTypes (covered by the mechListMIC)
   * @param raw whether the client sent bare NTLMSSP without SPNEGO
   */
  public void exchange(NtlmServer.@Nullable Exchange exchange, Bytes mechTypes, boolean raw) {
    this.exchange = exchange;
    this.mechTypes = mechTypes;
    this.rawNtlm = raw;
  }

  /** @return the DER of the client's mechTypes */
  public Bytes mechTypes() {
    return mechTypes;
  }

  /** @return whether the exchange runs bare NTLMSSP */
  public boolean rawNtlm() {
    return rawNtlm;
  }

  /** @return whether authentication completed (Session.State Valid) */
  public boolean isValid() {
    return principal != null;
  }

  /** @return when the first authentication completed, or null before it (the admin view) */
  public @Nullable Instant establishedAt() {
    return establishedAt;
  }

  /** @param at when the first authentication completed; a re-authentication keeps the first time */
  public void establishedAt(Instant at) {
    if (establishedAt == null) {
      establishedAt = at;
    }
  }

  /** @return the authenticated user, or null while in progress */
  public @Nullable Principal principal() {
    return principal;
  }

  /**
   * Completes authentication.
   *
   * @param principal the user
   * @param keys the derived keys (kept only as the signer and ciphers built from them)
   * @param signer the signer for this session
   * @param cipher the connection's cipher, or null when the session cannot encrypt
   * @param encryptData Session.EncryptData
   */
  public void establish(Principal principal, SmbKeys keys, Signer signer, @Nullable Cipher cipher,
      boolean encryptData) {
    this.principal = principal;
    this.signer = signer;
    if (cipher != null) {
      this.encryptor = new TransformCipher(cipher, keys.encryptionKey());
      this.decryptor = new TransformCipher(cipher, keys.decryptionKey());
    }
    this.encryptData = encryptData;
  }

  /**
   * Replaces the user after a re-authentication (3.3.5.5.3: keys are not derived again).
   *
   * @param principal the re-authenticated user
   */
  public void reauthenticated(Principal principal) {
    this.principal = principal;
  }

  /** @return the signer, or null while in progress */
  public @Nullable Signer signer() {
    return signer;
  }

  /** @return the server-to-client cipher, or null if the session cannot encrypt */
  public @Nullable TransformCipher encryptor() {
    return encryptor;
  }

  /** @return the client-to-server cipher, or null if the session cannot encrypt */
  public @Nullable TransformCipher decryptor() {
    return decryptor;
  }

  /** @return Session.EncryptData: every request must arrive encrypted, every response is */
  public boolean encryptData() {
    return encryptData;
  }

  /**
   * Returns the next encryption nonce (a 64-bit counter, little-endian, then zeros).
   *
   * @param length the cipher's nonce length (11 or 12)
   * @return a nonce never returned before by this session
   */
  public byte[] nextNonce(int length) {
    if (nonceCounter == -1L) {
      throw new IllegalStateException("session " + Long.toHexString(sessionId) + ": nonces exhausted");
    }
    long n = ++nonceCounter;
    byte[] nonce = new byte[length];
    for (int i = 0; i < 8; i++) {
      nonce[i] = (byte) (n >>> (8 * i));
    }
    return nonce;
  }

  /** @return the tree connects by TreeId */
  public Map<Integer, TreeState> trees() {
    return trees;
  }

  /** @return the session's opens */
  public OpenTable opens() {
    return opens;
  }

  /** @return a TreeId not in use in this session */
  public int allocateTreeId() {
    while (nextTreeId == 0 || nextTreeId == -1 || trees.containsKey(nextTreeId)) {
      nextTreeId++;
    }
    return nextTreeId++;
  }

  /** @return Session.SigningRequired: unsigned requests are refused and every response is signed */
  public boolean signingRequired() {
    return signingRequired;
  }

  /** @param required Session.SigningRequired (3.3.5.5.3: the server's or the client's requirement) */
  public void signingRequired(boolean required) {
    this.signingRequired = required;
  }

  /** @return the session's named-pipe opens on IPC$ */
  public PipeTable pipes() {
    return pipes;
  }
}
