package dev.estuary.smb.internal.codec;

import java.util.ArrayList;
import java.util.List;

/** One example of every request and response body, with non-trivial field values. */
final class Samples {
  private Samples() {}

  static final FileId FID = new FileId(0x1122334455667788L, 0x99AABBCCDDEEFF00L);

  static List<SmbMessage> requests() {
    List<SmbMessage> l = new ArrayList<>();
    l.add(new Negotiate.Request(1, 0x7F, Bytes.hex("000102030405060708090a0b0c0d0e0f"),
        List.of(0x0202, 0x0210, 0x0300, 0x0302, 0x0311),
        List.of(new NegotiateContext.PreauthIntegrity(List.of(1), Bytes.hex("aabbccdd")),
            new NegotiateContext.Encryption(List.of(4, 2, 3, 1)),
            new NegotiateContext.Compression(0, List.of(1, 2)),
            new NegotiateContext.NetName("server.example"),
            new NegotiateContext.Unknown(6, Bytes.hex("01000000")),
            new NegotiateContext.Signing(List.of(2, 1, 0)))));
    l.add(new Negotiate.Request(0, 0, Bytes.zeros(16), List.of(0x0202, 0x0210), List.of()));
    l.add(new SessionSetup.Request(0, 1, 1, 0, 0, Bytes.hex("604806062b0601050502")));
    l.add(new SimpleMessages.Empty(SmbCommand.LOGOFF));
    l.add(new TreeConnect.Request(0, "\\\\server\\share"));
    l.add(new SimpleMessages.Empty(SmbCommand.TREE_DISCONNECT));
    l.add(new Create.Request(0, 0, 2, 0, 0x0012019F, 0x80, 7, 1, 0x40, "dir\\file.txt",
        List.of(CreateContext.of(CreateContext.MXAC, Bytes.EMPTY),
            CreateContext.of(CreateContext.QFID, Bytes.EMPTY),
            CreateContext.of(CreateContext.ALSI, Bytes.hex("0010000000000000")),
            new CreateContext(Bytes.hex("93AD25509CB411E7B42383DE968BCD7C"), Bytes.hex("a401000000000000")))));
    l.add(new Create.Request(0, 0, 2, 0, 0x80, 0, 7, 1, 0, "", List.of()));
    l.add(new FileOps.CloseRequest(1, FID));
    l.add(new FileOps.FlushRequest(FID));
    l.add(new ReadWrite.ReadRequest(0x50, 0, 65536, 1L << 40, FID, 1, 0, 0, Bytes.EMPTY));
    l.add(new ReadWrite.WriteRequest(4096, FID, 0, 0, Bytes.EMPTY, 1, Bytes.hex("68656c6c6f")));
    l.add(new Lock.Request(0, FID, List.of(new Lock.Element(0, 10, Lock.EXCLUSIVE),
        new Lock.Element(100, 5, Lock.SHARED | Lock.FAIL_IMMEDIATELY))));
    l.add(new Ioctl.Request(Ioctl.FSCTL_VALIDATE_NEGOTIATE_INFO, FileId.RELATED, Bytes.hex("7f000000aabb"), 0,
        Bytes.EMPTY, 24, Ioctl.IS_FSCTL));
    l.add(new SimpleMessages.Empty(SmbCommand.CANCEL));
    l.add(new SimpleMessages.Empty(SmbCommand.ECHO));
    l.add(new Directory.QueryRequest(37, Directory.RESTART_SCANS, 0, FID, "*", 65536));
    l.add(new Directory.NotifyRequest(Directory.WATCH_TREE, 4096, FID, 0x17));
    l.add(new Info.QueryRequest(Info.INFO_FILE, 18, 4096, Bytes.EMPTY, 0, 0, FID));
    l.add(new Info.QueryRequest(Info.INFO_FILE, 15, 4096, Bytes.hex("00000000040061626364"), 0, 0, FID));
    l.add(new Info.SetRequest(Info.INFO_FILE, 20, 0, FID, Bytes.hex("0010000000000000")));
    l.add(new OplockBreak.Oplock(0, FID));
    l.add(new OplockBreak.LeaseAck(0, Bytes.hex("0102030405060708090a0b0c0d0e0f10"), 1));
    return l;
  }

  static List<SmbMessage> responses() {
    List<SmbMessage> l = new ArrayList<>();
    l.add(new Negotiate.Response(1, 0x0311, Bytes.hex("00112233445566778899aabbccddeeff"), 0x2F, 8 << 20,
        8 << 20, 8 << 20, 133_000_000_000_000_000L, 0, Bytes.hex("6082013c06062b0601050502"),
        List.of(new NegotiateContext.PreauthIntegrity(List.of(1), Bytes.hex("00112233445566778899aabbccddeeff")),
            new NegotiateContext.Encryption(List.of(2)), new NegotiateContext.Signing(List.of(2)))));
    l.add(new Negotiate.Response(1, 0x0210, Bytes.zeros(16), 0, 65536, 65536, 65536, 1, 0, Bytes.EMPTY,
        List.of()));
    l.add(new SessionSetup.Response(0, Bytes.hex("a1073005a0030a0100")));
    l.add(new SessionSetup.Response(0, Bytes.EMPTY));
    l.add(new SimpleMessages.Empty(SmbCommand.LOGOFF));
    l.add(new TreeConnect.Response(1, 0x30, 0, 0x001F01FF));
    l.add(new SimpleMessages.Empty(SmbCommand.TREE_DISCONNECT));
    l.add(new Create.Response(0, 0, 2, 1, 2, 3, 4, 4096, 5, 0x20, FID,
        List.of(CreateContext.maximalAccessResponse(NtStatus.SUCCESS, 0x001F01FF),
            CreateContext.onDiskIdResponse(42, 7))));
    l.add(new Create.Response(0, 0, 1, 1, 2, 3, 4, 0, 0, 0x10, FID, List.of()));
    l.add(new FileOps.CloseResponse(1, 1, 2, 3, 4, 4096, 5, 0x20));
    l.add(new SimpleMessages.Empty(SmbCommand.FLUSH));
    l.add(new ReadWrite.ReadResponse(0, Bytes.hex("0001020304")));
    l.add(new ReadWrite.WriteResponse(5));
    l.add(new SimpleMessages.Empty(SmbCommand.LOCK));
    l.add(new Ioctl.Response(Ioctl.FSCTL_VALIDATE_NEGOTIATE_INFO, FileId.RELATED, Bytes.EMPTY,
        Bytes.hex("7f000000000102030405060708090a0b0c0d0e0f01001103"), 0));
    l.add(new Ioctl.Response(Ioctl.FSCTL_SRV_REQUEST_RESUME_KEY, FID, Bytes.hex("01"), Bytes.EMPTY, 0));
    l.add(new SimpleMessages.Empty(SmbCommand.ECHO));
    l.add(new OutputResponse(SmbCommand.QUERY_DIRECTORY, Bytes.hex("000000000000000001")));
    l.add(new OutputResponse(SmbCommand.CHANGE_NOTIFY, Bytes.EMPTY));
    l.add(new OutputResponse(SmbCommand.QUERY_INFO, Bytes.hex("0102")));
    l.add(new SimpleMessages.SetInfoResponse());
    l.add(new OplockBreak.Oplock(1, FID));
    l.add(new OplockBreak.LeaseNotification(3, 1, Bytes.hex("0102030405060708090a0b0c0d0e0f10"), 7, 1));
    l.add(new OplockBreak.LeaseAck(0, Bytes.hex("0102030405060708090a0b0c0d0e0f10"), 1));
    l.add(new ErrorResponse(SmbCommand.CREATE, 0, Bytes.EMPTY));
    l.add(new ErrorResponse(SmbCommand.READ, 1, Bytes.hex("0800000000000000aabbccdd00000000")));
    return l;
  }
}
