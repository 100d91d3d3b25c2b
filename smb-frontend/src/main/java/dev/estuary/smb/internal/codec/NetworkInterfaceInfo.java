package dev.estuary.smb.internal.codec;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * NETWORK_INTERFACE_INFO ([MS-SMB2] 2.2.32.5), the output of FSCTL_QUERY_NETWORK_INTERFACE_INFO: one
 * 152-byte entry per address, chained by Next, each with a SOCKADDR_STORAGE (2.2.32.5.1) of family
 * InterNetwork or InterNetworkV6 and port 0.
 *
 * @param ifIndex IfIndex
 * @param capability Capability (RSS_CAPABLE 0x1, RDMA_CAPABLE 0x2)
 * @param linkSpeed LinkSpeed in bits per second
 * @param address the IPv4 or IPv6 address
 */
public record NetworkInterfaceInfo(int ifIndex, int capability, long linkSpeed, InetAddress address) {
  /** The size of one entry. */
  public static final int SIZE = 152;
  /** SOCKADDR_STORAGE Family InterNetwork. */
  public static final int FAMILY_IPV4 = 0x0002;
  /** SOCKADDR_STORAGE Family InterNetworkV6. */
  public static final int FAMILY_IPV6 = 0x0017;

  /** Validates. */
  public NetworkInterfaceInfo {
    Objects.requireNonNull(address, "address");
  }

  /**
   * Encodes a list of entries, Next pointing at the following one and 0 in the last.
   *
   * @param entries the entries
   * @return the output buffer
   */
  public static Bytes encodeAll(List<NetworkInterfaceInfo> entries) {
    ByteBuf b = Unpooled.buffer(SIZE * entries.size());
    for (int i = 0; i < entries.size(); i++) {
      NetworkInterfaceInfo e = entries.get(i);
      int start = b.writerIndex();
      b.writeIntLE(i + 1 < entries.size() ? SIZE : 0);
      b.writeIntLE(e.ifIndex());
      b.writeIntLE(e.capability());
      b.writeIntLE(0);
      b.writeLongLE(e.linkSpeed());
      if (e.address() instanceof Inet6Address a6) {
        b.writeShortLE(FAMILY_IPV6);
        b.writeShort(0); // Port
        b.writeInt(0); // FlowInfo
        b.writeBytes(a6.getAddress());
        b.writeIntLE(a6.getScopeId());
      } else {
        b.writeShortLE(FAMILY_IPV4);
        b.writeShort(0); // Port
        b.writeBytes(e.address().getAddress());
      }
      b.writeZero(start + SIZE - b.writerIndex());
    }
    return Bytes.of(ByteBufUtil.getBytes(b));
  }

  /**
   * Decodes an output buffer (clients; tests).
   *
   * @param output the output buffer
   * @return the entries
   */
  public static List<NetworkInterfaceInfo> decodeAll(Bytes output) throws SmbDecodeException {
    ByteBuf b = Unpooled.wrappedBuffer(output.asReadOnlyBuffer());
    List<NetworkInterfaceInfo> out = new ArrayList<>();
    int at = 0;
    while (true) {
      if (at + SIZE > output.length()) {
        throw new SmbDecodeException("NETWORK_INTERFACE_INFO at " + at + ": " + output.length()
            + " bytes (expected: >= " + (at + SIZE) + ")");
      }
      int family = b.getUnsignedShortLE(at + 24);
      byte[] addr;
      if (family == FAMILY_IPV4) {
        addr = new byte[4];
        b.getBytes(at + 28, addr);
      } else if (family == FAMILY_IPV6) {
        addr = new byte[16];
        b.getBytes(at + 32, addr);
      } else {
        throw new SmbDecodeException("SOCKADDR_STORAGE Family: " + family + " (expected: 2 or 0x17)");
      }
      try {
        out.add(new NetworkInterfaceInfo(b.getIntLE(at + 4), b.getIntLE(at + 8), b.getLongLE(at + 16),
            InetAddress.getByAddress(addr)));
      } catch (UnknownHostException e) {
        throw new SmbDecodeException("address of " + addr.length + " bytes (expected: 4 or 16)");
      }
      long next = b.getUnsignedIntLE(at);
      if (next == 0) {
        return out;
      }
      if (next < SIZE) {
        throw new SmbDecodeException("NETWORK_INTERFACE_INFO Next: " + next + " (expected: 0 or >= 152)");
      }
      at += (int) Math.min(next, Integer.MAX_VALUE - at);
    }
  }

  /** @return whether the address is IPv4 */
  public boolean isIpv4() {
    return address instanceof Inet4Address;
  }
}
