package dev.estuary.smb.internal.server;

import dev.estuary.core.ClientSession;
import dev.estuary.dfs.LockInfo;
import dev.estuary.dfs.ShareAccess;
import dev.estuary.dfs.ShareReservation;
import dev.estuary.smb.internal.codec.Negotiate;
import dev.estuary.smb.internal.crypto.Cipher;
import dev.estuary.smb.internal.ops.SmbFiles;
import dev.estuary.smb.internal.state.ConnectionState;
import dev.estuary.smb.internal.state.Open;
import dev.estuary.smb.internal.state.SessionState;
import dev.estuary.smb.internal.state.TreeState;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.StringJoiner;
import org.jspecify.annotations.Nullable;

/**
 * The admin view of one connection's sessions ({@code estuary status}): who, from where, which dialect and
 * protection, and each open with its share, path, access, share mode and byte-range locks. Built on the
 * connection's serial path (its state is not thread-safe), so it is a consistent snapshot.
 */
final class SessionReport {
  private SessionReport() {}

  /**
   * The established sessions of a connection.
   *
   * @param connection the connection's state
   * @param client the client's {@code host:port}
   * @return one entry per established session; sessions still authenticating are left out
   */
  static List<ClientSession> of(ConnectionState connection, String client) {
    ConnectionState.Negotiated n = connection.negotiated();
    List<ClientSession> out = new ArrayList<>();
    if (n == null) {
      return out;
    }
    for (SessionState s : connection.sessions().values()) {
      Instant at = s.establishedAt();
      if (!s.isValid() || s.principal() == null || at == null) {
        continue;
      }
      List<ClientSession.OpenFile> opens = new ArrayList<>();
      for (Open o : s.opens().all()) {
        TreeState tree = s.trees().get(o.treeId());
        opens.add(new ClientSession.OpenFile(tree == null ? "?" : tree.share(), o.path(),
            access(o.grantedAccess()), shareMode(o.reservation()), locks(o)));
      }
      out.add(new ClientSession(s.principal().name(), client, dialect(n.dialect()), security(n, s), at, opens));
    }
    return out;
  }

  /** The dialect as people write it ([MS-SMB2] 2.2.3: 0x0311 is SMB 3.1.1). */
  static String dialect(int d) {
    return switch (d) {
      case Negotiate.SMB_2_0_2 -> "SMB 2.0.2";
      case Negotiate.SMB_2_1 -> "SMB 2.1";
      case Negotiate.SMB_3_0 -> "SMB 3.0";
      case Negotiate.SMB_3_0_2 -> "SMB 3.0.2";
      case Negotiate.SMB_3_1_1 -> "SMB 3.1.1";
      default -> String.format("SMB 0x%04X", d);
    };
  }

  /**
   * How the session's messages are protected: encrypted (every message, Session.EncryptData), signed
   * (Session.SigningRequired), or signed only when the client asks; shares that require encryption are named.
   */
  private static String security(ConnectionState.Negotiated n, SessionState s) {
    Cipher c = n.cipher();
    String signing = s.signer() == null ? "HMAC_SHA256" : s.signer().algorithm().name();
    String base;
    if (s.encryptData() && c != null) {
      base = "encrypted " + name(c.name());
    } else if (s.signingRequired()) {
      base = "signed " + name(signing);
    } else {
      base = "signing optional (" + name(signing) + ")";
    }
    StringJoiner sealed = new StringJoiner(",");
    for (TreeState t : s.trees().values()) {
      if (t.encryptData() && !s.encryptData()) {
        sealed.add(t.share());
      }
    }
    return sealed.length() == 0 || c == null ? base : base + ", encrypted " + name(c.name()) + " on " + sealed;
  }

  /** AES_128_GCM → AES-128-GCM. */
  private static String name(String constant) {
    return constant.replace('_', '-');
  }

  /** The granted access mask as words, with the mask itself ([MS-SMB2] 2.2.13.1.1). */
  private static String access(int granted) {
    StringJoiner j = new StringJoiner(",");
    if ((granted & (SmbFiles.FILE_READ_DATA | SmbFiles.FILE_EXECUTE)) != 0) {
      j.add("read");
    }
    if ((granted & (SmbFiles.FILE_WRITE_DATA | SmbFiles.FILE_APPEND_DATA)) != 0) {
      j.add("write");
    }
    if ((granted & SmbFiles.DELETE) != 0) {
      j.add("delete");
    }
    if (j.length() == 0) {
      j.add("attributes");
    }
    return j + String.format("(0x%08X)", granted);
  }

  /**
   * What the open lets other opens do: the complement of what its share reservation denies ([MS-SMB2]
   * 2.2.13 ShareAccess); {@code -} for an open that takes part in no share-mode check (attributes only).
   */
  private static String shareMode(@Nullable ShareReservation r) {
    if (r == null) {
      return "-";
    }
    Set<ShareAccess> allowed = EnumSet.allOf(ShareAccess.class);
    allowed.removeAll(r.deny());
    if (allowed.isEmpty()) {
      return "none";
    }
    StringJoiner j = new StringJoiner(",");
    allowed.forEach(a -> j.add(a.name().toLowerCase(Locale.ROOT)));
    return j.toString();
  }

  /** The byte-range locks this open holds in the backend (its owner key in the tree's lock session). */
  private static int locks(Open o) {
    if (!o.hasLocked()) {
      return 0;
    }
    long session = o.files().locks().id();
    int n = 0;
    for (LockInfo l : o.files().locks().locks(o.id())) {
      if (l.session() == session && l.owner().equals(o.lockOwner())) {
        n++;
      }
    }
    return n;
  }
}
