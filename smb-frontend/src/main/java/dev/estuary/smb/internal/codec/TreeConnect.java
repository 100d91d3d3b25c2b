package dev.estuary.smb.internal.codec;

import io.netty.buffer.ByteBuf;
import java.util.Objects;

/** SMB2 TREE_CONNECT ([MS-SMB2] 2.2.9 request, 2.2.10 response). */
public final class TreeConnect {
  private TreeConnect() {}

  /** SMB2_TREE_CONNECT_FLAG_EXTENSION_PRESENT. */
  public static final int FLAG_EXTENSION_PRESENT = 0x0004;
  /** SMB2_SHARE_TYPE_DISK. */
  public static final int SHARE_TYPE_DISK = 0x01;
  /** SMB2_SHARE_TYPE_PIPE. */
  public static final int SHARE_TYPE_PIPE = 0x02;

  /**
   * TREE_CONNECT request.
   *
   * @param flags Flags (3.1.1) / Reserved
   * @param path the share path, {@code \\server\share}
   */
  public record Request(int flags, String path) implements SmbMessage {
    /** Validates. */
    public Request {
      Objects.requireNonNull(path, "path");
    }

    @Override
    public SmbCommand command() {
      return SmbCommand.TREE_CONNECT;
    }

    /**
     * Decodes it. The 3.1.1 TREE_CONNECT_REQUEST_EXTENSION (2.2.9.1, remoted identity for RDP) is refused:
     * its path is laid out differently and nothing here acts on its contexts, so it must not be misread.
     */
    public static Request decode(BodyReader r) throws SmbDecodeException {
      r.expectStructure("TREE_CONNECT request", 9);
      int flags = r.u16(2);
      if ((flags & FLAG_EXTENSION_PRESENT) != 0) {
        throw new SmbDecodeException(NtStatus.NOT_SUPPORTED,
            "TREE_CONNECT Flags: EXTENSION_PRESENT (expected: no tree connect extension; not supported)");
      }
      String path = r.utf16("Path", r.u16(4), r.u16(6), CodecLimits.MAX_PATH_BYTES);
      return new Request(flags, path);
    }

    @Override
    public void encodeBody(ByteBuf out) {
      byte[] p = Wire.utf16(path);
      out.writeShortLE(9);
      out.writeShortLE(flags);
      out.writeShortLE(Smb2Header.SIZE + 8);
      out.writeShortLE(p.length);
      out.writeBytes(p);
      if (p.length == 0) {
        out.writeByte(0);
      }
    }
  }

  /**
   * TREE_CONNECT response.
   *
   * @param shareType ShareType
   * @param shareFlags ShareFlags
   * @param capabilities Capabilities
   * @param maximalAccess MaximalAccess
   */
  public record Response(int shareType, int shareFlags, int capabilities, int maximalAccess)
      implements SmbMessage {
    @Override
    public SmbCommand command() {
      return SmbCommand.TREE_CONNECT;
    }

    /** Decodes it. */
    public static Response decode(BodyReader r) throws SmbDecodeException {
      r.expectStructure("TREE_CONNECT response", 16);
      return new Response(r.u8(2), r.i32(4), r.i32(8), r.i32(12));
    }

    @Override
    public void encodeBody(ByteBuf out) {
      out.writeShortLE(16);
      out.writeByte(shareType);
      out.writeByte(0);
      out.writeIntLE(shareFlags);
      out.writeIntLE(capabilities);
      out.writeIntLE(maximalAccess);
    }
  }
}
