package dev.estuary.smb.internal.state;

import static java.util.Objects.requireNonNull;

import dev.estuary.dfs.CaseFolding;
import dev.estuary.smb.internal.auth.NtlmServer;
import dev.estuary.smb.internal.codec.Bytes;
import dev.estuary.smb.internal.codec.CodecLimits;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The server's configuration as the protocol code sees it.
 *
 * @param serverGuid ServerGuid (16 bytes), stable for the life of the server ([MS-SMB2] 3.3.1.5)
 * @param names the names announced in the NTLM CHALLENGE
 * @param limits MaxTransact/MaxRead/MaxWrite advertised in NEGOTIATE and enforced by the decoders
 * @param maxConnections the most connections served at once; further ones are closed on accept
 * @param maxCredits the most credits a client may hold (the MessageId window size)
 * @param maxSessions the most sessions one connection may hold (STATUS_INSUFFICIENT_RESOURCES beyond)
 * @param maxTrees the most tree connects one session may hold
 * @param maxQueuedFrames the most received frames one connection may have waiting; reading from the
 *     socket pauses beyond, so a client cannot make the server buffer without bound
 * @param encryptedShares the shares (case-folded names) whose tree connects require encryption
 *     (Share.EncryptData, 3.3.1.6): clients that cannot encrypt are refused
 * @param maxOpens the most opens one session may hold (CREATE beyond answers STATUS_INSUFFICIENT_RESOURCES,
 *     as smbtorture's smb2.maxfid expects)
 */
public record SmbSettings(Bytes serverGuid, NtlmServer.Names names, CodecLimits limits, int maxConnections, int maxCredits,
    int maxSessions, int maxTrees, int maxQueuedFrames, Set<String> encryptedShares, int maxOpens) {
  /** The default of {@link #maxOpens()}: dittofs's cap, above what smb2.maxfid opens. */
  public static final int DEFAULT_MAX_OPENS = 65_520;

  /** Validates and normalises. */
  public SmbSettings {
    requireNonNull(serverGuid, "serverGuid");
    requireNonNull(names, "names");
    requireNonNull(limits, "limits");
    if (serverGuid.length() != 16) {
      throw new IllegalArgumentException("serverGuid: " + serverGuid.length() + " bytes (expected: 16)");
    }
    if (maxOpens < 1) {
      throw new IllegalArgumentException("maxOpens: " + maxOpens + " (expected: >= 1)");
    }
    if (maxConnections < 1 || maxCredits < 1 || maxCredits > 8192 || maxSessions < 1 || maxTrees < 1
        || maxQueuedFrames < 1) {
      throw new IllegalArgumentException("maxConnections/maxCredits/maxSessions/maxTrees/maxQueuedFrames: "
          + maxConnections + "/" + maxCredits + "/" + maxSessions + "/" + maxTrees + "/" + maxQueuedFrames
          + " (expected: 1..8192 credits, >= 1 others)");
    }
    encryptedShares = encryptedShares.stream().map(CaseFolding::fold).collect(Collectors.toUnmodifiableSet());
  }

  /**
   * Settings with {@link #DEFAULT_MAX_OPENS} opens per session.
   *
   * @param serverGuid ServerGuid
   * @param names the NTLM names
   * @param limits the size limits
   * @param maxConnections connections
   * @param maxCredits credits
   * @param maxSessions sessions per connection
   * @param maxTrees tree connects per session
   * @param maxQueuedFrames queued frames per connection
   * @param encryptedShares shares requiring encryption
   */
  public SmbSettings(Bytes serverGuid, NtlmServer.Names names, CodecLimits limits, int maxConnections,
      int maxCredits, int maxSessions, int maxTrees, int maxQueuedFrames, Set<String> encryptedShares) {
    this(serverGuid, names, limits, maxConnections, maxCredits, maxSessions, maxTrees, maxQueuedFrames,
        encryptedShares, DEFAULT_MAX_OPENS);
  }

  /**
   * Whether a share requires encryption.
   *
   * @param share the share name as connected
   * @return true when listed in {@link #encryptedShares()}
   */
  public boolean encrypts(String share) {
    return encryptedShares.contains(CaseFolding.fold(share));
  }
}
