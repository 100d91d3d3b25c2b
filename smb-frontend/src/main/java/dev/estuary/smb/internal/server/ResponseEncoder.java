package dev.estuary.smb.internal.server;

import static java.util.Objects.requireNonNull;

import dev.estuary.smb.internal.codec.NtStatus;
import dev.estuary.smb.internal.codec.ReadWrite;
import dev.estuary.smb.internal.codec.Smb2Header;
import dev.estuary.smb.internal.codec.SmbCommand;
import dev.estuary.smb.internal.codec.SmbMessage;
import dev.estuary.smb.internal.codec.SmbMessages;
import dev.estuary.smb.internal.crypto.TransformCipher;
import dev.estuary.smb.internal.state.ConnectionState;
import dev.estuary.smb.internal.state.SessionState;
import dev.estuary.smb.internal.state.TreeState;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import java.util.List;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * Turns the responses of one compound into the frame sent back ([MS-SMB2] 3.3.4.1): compounded
 * (3.3.4.1.3), then signed one by one (3.3.4.1.1) or encrypted together (3.3.4.1.4) when the request was
 * encrypted or a response's session or tree requires it. One per connection, on its serial path (the
 * sessions' nonce counters live there).
 */
final class ResponseEncoder {
  /**
   * One response waiting to be compounded; {@code signedRequest} says whether its request came signed
   * (3.3.4.1.1: the response to a signed request is signed, whether or not the session requires it).
   */
  record Pending(Smb2Header header, SmbMessage body, @Nullable SessionState session,
      @Nullable TreeState tree, @Nullable Consumer<byte[]> afterEncode, boolean signedRequest) {}

  private final ConnectionState connection;

  ResponseEncoder(ConnectionState connection) {
    this.connection = requireNonNull(connection, "connection");
  }

  /** Compounds, then signs each response or encrypts them together. */
  ByteBuf encode(List<Pending> out, boolean requestEncrypted, @Nullable SessionState channelSession) {
    // Sized up front for a READ's data, so a response of up to 8 MiB is not grown by copying; direct, so
    // the socket write does not copy a heap buffer into a direct one first.
    int capacity = 0;
    for (Pending p : out) {
      capacity += Smb2Header.SIZE + 256 + (p.body() instanceof ReadWrite.ReadResponse r ? r.data().length() : 0);
    }
    ByteBuf buf = ByteBufAllocator.DEFAULT.directBuffer(capacity);
    try {
      return encode(buf, out, requestEncrypted, channelSession);
    } catch (RuntimeException e) {
      // A pooled buffer: give it back, or it is lost to the pool.
      buf.release();
      throw e;
    }
  }

  private ByteBuf encode(ByteBuf buf, List<Pending> out, boolean requestEncrypted,
      @Nullable SessionState channelSession) {
    int[] starts = SmbMessages.encodeCompound(buf, out.stream().map(Pending::header).toList(),
        out.stream().map(Pending::body).toList());
    SessionState encryptAs = null;
    if (requestEncrypted) {
      encryptAs = channelSession;
    } else {
      for (Pending p : out) {
        if (p.session() != null && p.session().encryptor() != null && (p.session().encryptData()
            || (p.tree() != null && p.tree().encryptData()))
            && p.header().command() != SmbCommand.SESSION_SETUP.code()) {
          encryptAs = p.session();
          break;
        }
      }
    }
    for (int i = 0; i < out.size(); i++) {
      Pending p = out.get(i);
      int end = i + 1 < out.size() ? starts[i + 1] : buf.writerIndex();
      if (p.afterEncode() != null) {
        p.afterEncode().accept(ByteBufUtil.getBytes(buf, starts[i], end - starts[i]));
      }
      SessionState s = p.session();
      boolean interim = p.header().isAsync() && p.header().status() == NtStatus.PENDING.code();
      // 3.3.4.2: the server SHOULD NOT sign an interim response.
      // 3.3.4.1.1: signed when the request was, or the session requires it; the SESSION_SETUP response that
      // establishes the session is always signed (3.3.5.5.3; for 3.1.1 it proves the preauth hash).
      boolean sign = s != null && (p.signedRequest() || s.signingRequired()
          || p.header().command() == SmbCommand.SESSION_SETUP.code());
      if (encryptAs == null && s != null && s.isValid() && s.signer() != null && !interim && sign
          && p.header().command() != SmbCommand.NEGOTIATE.code()) {
        s.signer().sign(buf, starts[i], end - starts[i]);
      } else if (encryptAs == null && p.signedRequest() && !interim && (s == null || s.signer() == null)) {
        // A signed request whose session is gone (STATUS_USER_SESSION_DELETED) cannot get a signed answer.
        // Windows and Samba keep SMB2_FLAGS_SIGNED of the request with no valid signature, and clients that
        // require signing (3.2.5.1.3) accept that for this status only; an answer without the flag is
        // rejected by them as unsigned, so the client would see STATUS_ACCESS_DENIED instead.
        int flags = starts[i] + 16;
        buf.setIntLE(flags, buf.getIntLE(flags) | Smb2Header.FLAG_SIGNED);
      }
    }
    if (encryptAs == null) {
      return buf;
    }
    TransformCipher e = requireNonNull(encryptAs.encryptor(), "encryptor");
    ByteBuf sealed = e.encrypt(buf, encryptAs.nextNonce(connection.negotiated().cipher().nonceBytes()),
        encryptAs.sessionId());
    buf.release();
    return sealed;
  }
}
