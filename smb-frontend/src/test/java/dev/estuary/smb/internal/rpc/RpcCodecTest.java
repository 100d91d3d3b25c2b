package dev.estuary.smb.internal.rpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.estuary.smb.internal.codec.Bytes;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The DCE/RPC PDUs and srvsvc NDR on golden bytes built by hand from [C706] 12.6 and the [MS-SRVS] IDL
 * (field by field in the comments), and malformed input refused with the right fault status.
 */
class RpcCodecTest {
  /** srvsvc 3.0 as p_syntax_id_t: 4b324fc8-1670-01d3-1278-5a47bf6ee188, version 3. */
  private static final String SRVSVC = "c84f324b 7016 d301 12785a47bf6ee188 03000000";
  /** NDR 2.0: 8a885d04-1ceb-11c9-9fe8-08002b104860, version 2. */
  private static final String NDR = "045d888a eb1c c911 9fe808002b104860 02000000";
  /** NDR64: 71710533-beba-4937-8319-b5dbef9ccc36, version 1. */
  private static final String NDR64 = "33057171 babe 3749 8319b5dbef9ccc36 01000000";

  private static byte[] hex(String s) {
    return Bytes.hex(s).toArray();
  }

  @Test
  void aBindAsSambaSendsItDecodes() throws Exception {
    byte[] bind = hex("05 00 0b 03 10000000 7400 0000 01000000" // v5.0 bind, first|last, LE, frag 116, call 1
        + " b810 b810 00000000" // max_xmit 4280, max_recv 4280, assoc_group 0
        + " 02 00 0000" // two contexts
        + " 0000 01 00" + SRVSVC + NDR // context 0: srvsvc over NDR
        + " 0100 01 00" + SRVSVC + NDR64); // context 1: srvsvc over NDR64
    RpcPdu.Bind b = (RpcPdu.Bind) RpcPdu.decode(bind);
    assertThat(b.callId()).isEqualTo(1);
    assertThat(b.alter()).isFalse();
    assertThat(b.maxXmitFrag()).isEqualTo(4280);
    assertThat(b.maxRecvFrag()).isEqualTo(4280);
    assertThat(b.contexts()).containsExactly(
        new RpcPdu.Context(0, SyntaxId.SRVSVC, List.of(SyntaxId.NDR)),
        new RpcPdu.Context(1, SyntaxId.SRVSVC, List.of(SyntaxId.NDR64)));
    assertThat(b.encode()).isEqualTo(bind);
  }

  @Test
  void aBindAckIsEncodedAsC706LaysItOut() {
    byte[] ack = new RpcPdu.BindAck(1, false, 4280, 4280, 0x12345678, "\\PIPE\\srvsvc", List.of(
        new RpcPdu.Result(RpcPdu.RESULT_ACCEPTANCE, 0, SyntaxId.NDR),
        new RpcPdu.Result(RpcPdu.RESULT_PROVIDER_REJECTION, RpcPdu.REASON_TRANSFER_SYNTAXES_NOT_SUPPORTED,
            RpcPdu.Result.NONE))).encode();
    assertThat(Bytes.of(ack)).isEqualTo(Bytes.hex("05 00 0c 03 10000000 5c00 0000 01000000" // bind_ack, frag 92
        + " b810 b810 78563412" // max_xmit, max_recv, assoc_group
        + " 0d00 5c504950455c73727673766300" // sec_addr: length 13 with the NUL, "\PIPE\srvsvc\0"
        + " 00" // pad to 4 (offset 39 -> 40)
        + " 02 00 0000" // two results
        + " 0000 0000" + NDR // acceptance, NDR
        + " 0200 0200 00000000000000000000000000000000 00000000")); // provider_rejection, reason 2
  }

  @Test
  void faultAndBindNakAreEncoded() {
    assertThat(Bytes.of(new RpcPdu.Fault(7, 0, RpcPdu.NCA_S_OP_RNG_ERROR, true).encode())).isEqualTo(Bytes.hex(
        "05 00 03 23 10000000 2000 0000 07000000" // fault, first|last|did_not_execute, frag 32, call 7
            + " 00000000 0000 00 00 0200011c 00000000")); // alloc_hint, ctx 0, cancel 0, nca_s_op_rng_error
    assertThat(Bytes.of(new RpcPdu.BindNak(3, RpcPdu.NAK_AUTHENTICATION_TYPE_NOT_RECOGNIZED).encode()))
        .isEqualTo(Bytes.hex("05 00 0d 03 10000000 1500 0000 03000000 0800 01 05 00"));
  }

  @Test
  void aRequestAndResponseRoundTrip() throws Exception {
    byte[] req = hex("05 00 00 03 10000000 2000 0000 02000000 08000000 0000 1500 0102030405060708");
    RpcPdu.Request r = (RpcPdu.Request) RpcPdu.decode(req);
    assertThat(r.opnum()).isEqualTo(Srvsvc.OP_NETR_SERVER_GET_INFO);
    assertThat(r.stub()).isEqualTo(Bytes.hex("0102030405060708"));
    assertThat(r.encode()).isEqualTo(req);
    assertThat(Bytes.of(new RpcPdu.Response(2, 3, 8, 0, Bytes.hex("0102030405060708")).encode()))
        .isEqualTo(Bytes.hex("05 00 02 03 10000000 2000 0000 02000000 08000000 0000 00 00 0102030405060708"));
  }

  @Test
  void malformedPdusAreProtocolErrors() {
    // Big-endian data representation.
    assertThatThrownBy(() -> RpcPdu.decode(hex("05 00 0b 03 00000000 1000 0000 01000000")))
        .isInstanceOfSatisfying(RpcDecodeException.class, e -> assertThat(e.faultStatus())
            .isEqualTo(RpcPdu.NCA_S_PROTO_ERROR));
    // Version 4.
    assertThatThrownBy(() -> RpcPdu.decode(hex("04 00 0b 03 10000000 1000 0000 01000000")))
        .isInstanceOf(RpcDecodeException.class).hasMessageContaining("rpc_vers");
    // frag_length that is not the fragment's size.
    assertThatThrownBy(() -> RpcPdu.decode(hex("05 00 0b 03 10000000 2000 0000 01000000")))
        .isInstanceOf(RpcDecodeException.class).hasMessageContaining("frag_length");
    // A context claiming 200 transfer syntaxes that are not there.
    assertThatThrownBy(() -> RpcPdu.decode(hex("05 00 0b 03 10000000 3400 0000 01000000 b810b81000000000"
        + " 01000000 0000 c8 00" + SRVSVC)))
        .isInstanceOf(RpcDecodeException.class).hasMessageContaining("transfer_syntaxes (200)");
    // An object UUID on a request.
    assertThatThrownBy(() -> RpcPdu.decode(hex("05 00 00 83 10000000 1800 0000 01000000 00000000 0000 0f00")))
        .isInstanceOf(RpcDecodeException.class).hasMessageContaining("PFC_OBJECT_UUID");
  }

  /** NetrShareEnum's [in] at level 1 as Samba's smbclient -L marshals it. */
  private static final String SHARE_ENUM_LEVEL1 = "00000200" // ServerName: referent
      + " 04000000 00000000 04000000 5c005c00 73000000" // max 4, offset 0, actual 4: "\\s" and the NUL
      + " 01000000 01000000 04000200" // InfoStruct: Level 1, union tag 1, container referent
      + " 00000000 00000000" // container: EntriesRead 0, Buffer null
      + " ffffffff" // PreferedMaximumLength: everything
      + " 08000200 00000000"; // ResumeHandle: referent, 0

  @Test
  void netrShareEnumInDecodes() throws Exception {
    Srvsvc.ShareEnumRequest r = Srvsvc.decodeShareEnum(Bytes.hex(SHARE_ENUM_LEVEL1));
    assertThat(r).isEqualTo(new Srvsvc.ShareEnumRequest("\\\\s", 1, 0xFFFFFFFFL, 0L));
  }

  @Test
  void netrShareEnumInWithBadNdrFaults() {
    // Union tag differs from Level.
    assertThatThrownBy(() -> Srvsvc.decodeShareEnum(Bytes.hex("00000000 01000000 02000000 00000000 ffffffff 00000000")))
        .isInstanceOfSatisfying(RpcDecodeException.class, e -> assertThat(e.faultStatus())
            .isEqualTo(RpcPdu.NCA_S_FAULT_NDR));
    // A level with no arm in SHARE_ENUM_UNION.
    assertThatThrownBy(() -> Srvsvc.decodeShareEnum(Bytes.hex("00000000 07000000 07000000 00000000 ffffffff 00000000")))
        .isInstanceOfSatisfying(RpcDecodeException.class, e -> assertThat(e.faultStatus())
            .isEqualTo(Srvsvc.RPC_S_INVALID_TAG));
    // actual_count beyond max_count.
    assertThatThrownBy(() -> Srvsvc.decodeShareEnum(Bytes.hex("00000200 02000000 00000000 04000000 5c005c00 73000000")))
        .isInstanceOf(RpcDecodeException.class).hasMessageContaining("actual_count 4");
    // String without its NUL.
    assertThatThrownBy(() -> Srvsvc.decodeShareGetInfo(Bytes.hex("00000000 01000000 00000000 01000000 4100 0000"
        + " 01000000"))).isInstanceOf(RpcDecodeException.class).hasMessageContaining("not NUL");
    // Truncated at every length: never anything but RpcDecodeException.
    byte[] full = hex(SHARE_ENUM_LEVEL1);
    for (int n = 0; n < full.length - 4; n++) {
      byte[] cut = java.util.Arrays.copyOf(full, n);
      assertThatThrownBy(() -> Srvsvc.decodeShareEnum(Bytes.of(cut))).isInstanceOf(RpcDecodeException.class);
    }
  }

  @Test
  void netrShareEnumOutAtLevelOneIsTheIdlsNdr() {
    Bytes out = Srvsvc.shareEnumResponse(1, List.of(
        new Srvsvc.ShareInfo("media", Srvsvc.STYPE_DISKTREE, "", 0, -1, 0, "", 0x30),
        new Srvsvc.ShareInfo("IPC$", Srvsvc.STYPE_IPC_SPECIAL, "Remote IPC", 0, -1, 0, "", 0)), 2, 0L,
        Srvsvc.WERR_OK);
    assertThat(out).isEqualTo(Bytes.hex("01000000 01000000 00000200" // Level 1, tag 1, container referent
        + " 02000000 04000200" // EntriesRead 2, Buffer referent
        + " 02000000" // conformant array: max_count 2
        + " 08000200 00000000 0c000200" // [0] netname ref, STYPE_DISKTREE, remark ref
        + " 10000200 03000080 14000200" // [1] netname ref, STYPE_IPC|STYPE_SPECIAL, remark ref
        + " 06000000 00000000 06000000 6d0065006400690061000000" // "media"
        + " 01000000 00000000 01000000 0000 0000" // "" and padding to 4
        + " 05000000 00000000 05000000 4900500043002400 0000 0000" // "IPC$" and padding
        + " 0b000000 00000000 0b000000 520065006d006f0074006500200049005000430000000000" // "Remote IPC", pad
        + " 02000000" // TotalEntries
        + " 18000200 00000000" // ResumeHandle referent, 0
        + " 00000000")); // WERR_OK
  }

  @Test
  void netrShareGetInfoOutAtLevel1005AndAnErrorWithANullArm() {
    assertThat(Srvsvc.shareGetInfoResponse(1005, new Srvsvc.ShareInfo("media", 0, "", 0, -1, 0, "", 0x8030),
        Srvsvc.WERR_OK)).isEqualTo(Bytes.hex("ed030000 00000200 30800000 00000000"));
    assertThat(Srvsvc.shareGetInfoResponse(2, null, Srvsvc.NERR_NET_NAME_NOT_FOUND))
        .isEqualTo(Bytes.hex("02000000 00000000 06090000"));
  }

  @Test
  void netrServerGetInfoOutAtLevel101() {
    assertThat(Srvsvc.serverGetInfoResponse(101, new Srvsvc.ServerInfo(500, "EST", 10, 0, 0x9003, ""),
        Srvsvc.WERR_OK)).isEqualTo(Bytes.hex("65000000 00000200" // Level 101, arm referent
        + " f4010000 04000200 0a000000 00000000 03900000 08000200" // platform 500, name ref, 10.0, type, comment ref
        + " 04000000 00000000 04000000 4500530054000000" // "EST"
        + " 01000000 00000000 01000000 0000 0000" // "" and padding
        + " 00000000"));
  }
}
