package dev.estuary.core;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.List;

/**
 * One authenticated client session of a running frontend and the files it holds open, as {@code
 * estuary status} and the admin API ({@code GET /api/v1/status}) show it. Frontends that keep sessions
 * (SMB sessions, NFSv4 clients) report them through {@link RunningFrontend#sessions()}; the values are
 * for people, so each is the protocol's own spelling.
 *
 * @param user who authenticated (the user name, or for NFS the principal)
 * @param client the client's address, {@code host:port}
 * @param protocol the protocol version in use, e.g. {@code SMB 3.1.1} or {@code NFSv4.1}
 * @param security how messages are protected, e.g. {@code signed AES-128-GMAC}, {@code encrypted
 *     AES-128-GCM} or {@code none}
 * @param openedAt when the session was established
 * @param opens the files and directories it holds open
 */
public record ClientSession(String user, String client, String protocol, String security, Instant openedAt,
    List<OpenFile> opens) {
  /** Validates and copies the components. */
  public ClientSession {
    requireNonNull(user, "user");
    requireNonNull(client, "client");
    requireNonNull(protocol, "protocol");
    requireNonNull(security, "security");
    requireNonNull(openedAt, "openedAt");
    opens = List.copyOf(opens);
  }

  /**
   * One open file or directory of a session.
   *
   * @param share the share or volume it is on
   * @param path its path inside the share, as the protocol names it (SMB: backslashes, empty for the root)
   * @param access the access granted, e.g. {@code read,write,delete}
   * @param shareMode what the open lets other opens do at the same time (SMB share access), e.g. {@code
   *     read,write}, or {@code -} when it reserves nothing
   * @param locks how many byte-range locks it holds
   */
  public record OpenFile(String share, String path, String access, String shareMode, int locks) {
    /** Validates the components. */
    public OpenFile {
      requireNonNull(share, "share");
      requireNonNull(path, "path");
      requireNonNull(access, "access");
      requireNonNull(shareMode, "shareMode");
      if (locks < 0) {
        throw new IllegalArgumentException("locks: " + locks + " (expected: >= 0)");
      }
    }
  }
}
