package dev.estuary.smb.internal.ops;

import dev.estuary.smb.internal.codec.Bytes;
import dev.estuary.smb.internal.codec.Ioctl;
import dev.estuary.smb.internal.codec.NetworkInterfaceInfo;
import dev.estuary.smb.internal.codec.NtStatus;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * FSCTL_QUERY_NETWORK_INTERFACE_INFO ([MS-SMB2] 3.3.5.15.11): one NETWORK_INTERFACE_INFO per address the
 * server listens on. A server bound to one address (loopback included) reports that address and its
 * interface; a server bound to the wildcard reports every address of the interfaces that are up, except
 * loopback ones, which no other host can reach (IPv4 only for 0.0.0.0, both families for ::). Capability
 * is 0: no RSS, no RDMA (no multichannel is offered). LinkSpeed is the kernel's figure
 * ({@code /sys/class/net/NAME/speed}, Mb/s); where the kernel has none (loopback, virtual devices) it is
 * 1 Gb/s, the default Samba reports too. An answer larger than MaxOutputResponse is
 * STATUS_BUFFER_TOO_SMALL; a connection that did not come through a listener has no interfaces to report
 * and answers STATUS_NOT_SUPPORTED.
 */
public final class NetworkInterfaceFsctl implements Fsctl {
  /** LinkSpeed when the kernel reports none. */
  static final long DEFAULT_LINK_SPEED = 1_000_000_000L;

  private final Path sysClassNet;

  /** A handler reading link speeds from {@code /sys/class/net}. */
  public NetworkInterfaceFsctl() {
    this(Path.of("/sys/class/net"));
  }

  /**
   * A handler.
   *
   * @param sysClassNet where the per-interface {@code speed} files are
   */
  NetworkInterfaceFsctl(Path sysClassNet) {
    this.sysClassNet = sysClassNet;
  }

  @Override
  public SmbReply handle(SmbRequest request, Ioctl.Request r) {
    if (!r.input().isEmpty()) {
      // The request takes no input ([MS-SMB2] 2.2.31: InputCount 0 for this FSCTL); a buffer is a malformed
      // request, STATUS_INVALID_PARAMETER, as Samba and Windows answer (smbtorture smb2.ioctl.bug14788).
      return SmbReply.error(NtStatus.INVALID_PARAMETER, r);
    }
    InetSocketAddress listen = request.connection().listenAddress();
    if (listen == null) {
      return SmbReply.error(NtStatus.NOT_SUPPORTED, r);
    }
    List<NetworkInterfaceInfo> entries;
    try {
      entries = entries(listen.getAddress());
    } catch (SocketException e) {
      throw new UncheckedIOException(e);
    }
    if ((long) entries.size() * NetworkInterfaceInfo.SIZE > r.maxOutputResponse()) {
      return SmbReply.error(NtStatus.BUFFER_TOO_SMALL, r);
    }
    return SmbReply.of(NtStatus.SUCCESS, new Ioctl.Response(r.ctlCode(), r.fileId(), Bytes.EMPTY,
        NetworkInterfaceInfo.encodeAll(entries), 0));
  }

  /**
   * The entries for a listening address.
   *
   * @param bound the address the server listens on
   * @return one entry per address
   * @throws SocketException if the interfaces cannot be listed
   */
  List<NetworkInterfaceInfo> entries(InetAddress bound) throws SocketException {
    List<NetworkInterfaceInfo> out = new ArrayList<>();
    if (!bound.isAnyLocalAddress()) {
      NetworkInterface nif = NetworkInterface.getByInetAddress(bound);
      if (nif != null) {
        out.add(new NetworkInterfaceInfo(nif.getIndex(), 0, linkSpeed(nif), bound));
      }
      return out;
    }
    boolean ipv4Only = bound instanceof Inet4Address;
    for (NetworkInterface nif : Collections.list(NetworkInterface.getNetworkInterfaces())) {
      if (!nif.isUp() || nif.isLoopback()) {
        continue;
      }
      for (InetAddress a : Collections.list(nif.getInetAddresses())) {
        if (!ipv4Only || a instanceof Inet4Address) {
          out.add(new NetworkInterfaceInfo(nif.getIndex(), 0, linkSpeed(nif), a));
        }
      }
    }
    return out;
  }

  private long linkSpeed(NetworkInterface nif) {
    Path speed = sysClassNet.resolve(nif.getName()).resolve("speed");
    try {
      long mbps = Long.parseLong(Files.readString(speed, StandardCharsets.US_ASCII).strip());
      return mbps > 0 ? mbps * 1_000_000L : DEFAULT_LINK_SPEED;
    } catch (IOException | NumberFormatException e) {
      // Loopback and many virtual devices have no speed (reading it fails with EINVAL); -1 means unknown.
      return DEFAULT_LINK_SPEED;
    }
  }
}
