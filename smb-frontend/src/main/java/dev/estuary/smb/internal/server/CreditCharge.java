package dev.estuary.smb.internal.server;

import dev.estuary.smb.internal.codec.Directory;
import dev.estuary.smb.internal.codec.Info;
import dev.estuary.smb.internal.codec.Ioctl;
import dev.estuary.smb.internal.codec.ReadWrite;
import dev.estuary.smb.internal.codec.SmbMessage;

/**
 * The CreditCharge a multi-credit request must carry ([MS-SMB2] 3.3.5.2.5, formula of 3.1.5.2): one
 * credit per started 64 KiB of the larger of what it sends and what it may receive. Requests of the
 * other commands cost one credit.
 */
final class CreditCharge {
  private static final long UNIT = 65_536;

  private CreditCharge() {}

  /**
   * The least CreditCharge for a request.
   *
   * @param body the decoded request
   * @return at least 1
   */
  static long required(SmbMessage body) {
    long payload = switch (body) {
      case ReadWrite.ReadRequest r -> Math.max(r.channelInfo().length(), Integer.toUnsignedLong(r.length()));
      case ReadWrite.WriteRequest w -> w.data().length() + (long) w.channelInfo().length();
      case Ioctl.Request i -> Math.max(i.input().length() + (long) i.output().length(),
          Integer.toUnsignedLong(i.maxInputResponse()) + Integer.toUnsignedLong(i.maxOutputResponse()));
      case Directory.QueryRequest q -> Integer.toUnsignedLong(q.outputBufferLength());
      case Directory.NotifyRequest n -> Integer.toUnsignedLong(n.outputBufferLength());
      case Info.QueryRequest q -> Math.max(q.input().length(), Integer.toUnsignedLong(q.outputBufferLength()));
      case Info.SetRequest s -> s.buffer().length();
      default -> 0;
    };
    return payload <= 0 ? 1 : (payload - 1) / UNIT + 1;
  }
}
