package dev.estuary.smb.internal.ipc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.estuary.core.Principal;
import dev.estuary.smb.internal.codec.Bytes;
import dev.estuary.smb.internal.rpc.RpcDecodeException;
import dev.estuary.smb.internal.rpc.RpcPdu;
import dev.estuary.smb.internal.rpc.Srvsvc;
import dev.estuary.smb.testing.SmbTestServer;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * srvsvc per opnum and level ({@link SrvsvcEndpoint}) with the real user store and grants: which shares a
 * user sees, paging by PreferedMaximumLength, unknown names and levels.
 */
class SrvsvcEndpointTest {
  private static SmbTestServer server;

  @BeforeAll
  static void start() throws Exception {
    server = new SmbTestServer();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static SrvsvcEndpoint endpoint(String user) {
    Principal p = server.services().identity().principal(user).orElseThrow();
    return new SrvsvcEndpoint(server.services().shares(), p, "ESTUARY", server.services().settings()::encrypts);
  }

  private static String u32(long v) {
    return String.format("%02x%02x%02x%02x", v & 0xFF, (v >> 8) & 0xFF, (v >> 16) & 0xFF, (v >> 24) & 0xFF);
  }

  private static Bytes enumRequest(int level, long preferred, long resume) {
    return Bytes.hex("00000000" + u32(level) + u32(level) + "04000200 00000000 00000000" + u32(preferred)
        + "08000200" + u32(resume));
  }

  private static Bytes getInfoRequest(String name, int level) {
    byte[] n = (name + "\0").getBytes(StandardCharsets.UTF_16LE);
    ByteBuf b = Unpooled.buffer().writeIntLE(0).writeIntLE(n.length / 2).writeIntLE(0).writeIntLE(n.length / 2)
        .writeBytes(n);
    b.writeZero((4 - (b.writerIndex() & 3)) & 3);
    b.writeIntLE(level);
    return Bytes.of(io.netty.buffer.ByteBufUtil.getBytes(b));
  }

  private static String text(Bytes b) {
    return new String(b.toArray(), StandardCharsets.UTF_16LE);
  }

  private static int status(Bytes stub) {
    return Unpooled.wrappedBuffer(stub.toArray()).getIntLE(stub.length() - 4);
  }

  @Test
  void enumListsTheGrantedVolumesThenIpc() throws Exception {
    Bytes all = endpoint(SmbTestServer.USER).call(Srvsvc.OP_NETR_SHARE_ENUM, enumRequest(1, 0xFFFFFFFFL, 0));
    assertThat(status(all)).isEqualTo(Srvsvc.WERR_OK);
    assertThat(text(all)).contains("media").contains("vault").contains("IPC$").contains("Remote IPC");
    Bytes reader = endpoint(SmbTestServer.READER).call(Srvsvc.OP_NETR_SHARE_ENUM, enumRequest(1, 0xFFFFFFFFL, 0));
    assertThat(text(reader)).contains("media").doesNotContain("vault").contains("IPC$");
    Bytes nobody = endpoint(SmbTestServer.NOBODY).call(Srvsvc.OP_NETR_SHARE_ENUM, enumRequest(0, 0xFFFFFFFFL, 0));
    assertThat(text(nobody)).doesNotContain("media").contains("IPC$");
  }

  @Test
  void aSmallPreferredLengthPagesWithMoreDataAndResumeHandles() throws Exception {
    SrvsvcEndpoint e = endpoint(SmbTestServer.USER);
    Bytes first = e.call(Srvsvc.OP_NETR_SHARE_ENUM, enumRequest(0, 1, 0));
    assertThat(status(first)).isEqualTo(Srvsvc.ERROR_MORE_DATA);
    assertThat(text(first)).contains("media").doesNotContain("vault");
    // ... TotalEntries 3, ResumeHandle 1, ERROR_MORE_DATA at the end.
    assertThat(first.toHex()).endsWith(u32(3) + "0c000200" + u32(1) + u32(Srvsvc.ERROR_MORE_DATA));
    Bytes second = e.call(Srvsvc.OP_NETR_SHARE_ENUM, enumRequest(0, 1, 1));
    assertThat(text(second)).contains("vault").doesNotContain("media");
    Bytes last = e.call(Srvsvc.OP_NETR_SHARE_ENUM, enumRequest(0, 1, 2));
    assertThat(status(last)).isEqualTo(Srvsvc.WERR_OK);
    assertThat(text(last)).contains("IPC$");
    assertThat(last.toHex()).endsWith(u32(1) + "0c000200" + u32(0) + u32(0));
  }

  @Test
  void enumAtAnUnservedLevelIsInvalidLevel() throws Exception {
    Bytes r = endpoint(SmbTestServer.USER).call(Srvsvc.OP_NETR_SHARE_ENUM, enumRequest(503, 0xFFFFFFFFL, 0));
    assertThat(r).isEqualTo(Bytes.hex(u32(503) + u32(503) + "00000000" + u32(0) + "00000200" + u32(0)
        + u32(Srvsvc.ERROR_INVALID_LEVEL)));
  }

  @Test
  void getInfoAnswersPerLevelAndHidesUngrantedShares() throws Exception {
    SrvsvcEndpoint alice = endpoint(SmbTestServer.USER);
    Bytes v1005 = alice.call(Srvsvc.OP_NETR_SHARE_GET_INFO, getInfoRequest("VAULT", 1005));
    // The sealed volume announces encryption and no client caching.
    assertThat(v1005).isEqualTo(Bytes.hex(u32(1005) + "00000200" + u32(0x8030) + u32(0)));
    for (int level : new int[] {0, 1, 2, 501, 502}) {
      Bytes r = alice.call(Srvsvc.OP_NETR_SHARE_GET_INFO, getInfoRequest("media", level));
      assertThat(status(r)).as("level %d", level).isEqualTo(Srvsvc.WERR_OK);
      assertThat(text(r)).contains("media");
    }
    assertThat(status(alice.call(Srvsvc.OP_NETR_SHARE_GET_INFO, getInfoRequest("ipc$", 1))))
        .isEqualTo(Srvsvc.WERR_OK);
    assertThat(status(alice.call(Srvsvc.OP_NETR_SHARE_GET_INFO, getInfoRequest("missing", 1))))
        .isEqualTo(Srvsvc.NERR_NET_NAME_NOT_FOUND);
    assertThat(status(endpoint(SmbTestServer.READER).call(Srvsvc.OP_NETR_SHARE_GET_INFO,
        getInfoRequest("vault", 1)))).isEqualTo(Srvsvc.NERR_NET_NAME_NOT_FOUND);
    assertThat(alice.call(Srvsvc.OP_NETR_SHARE_GET_INFO, getInfoRequest("media", 1004)))
        .isEqualTo(Bytes.hex(u32(1004) + "00000000" + u32(Srvsvc.ERROR_INVALID_LEVEL)));
    assertThatThrownBy(() -> alice.call(Srvsvc.OP_NETR_SHARE_GET_INFO, getInfoRequest("media", 7)))
        .isInstanceOfSatisfying(RpcDecodeException.class, e -> assertThat(e.faultStatus())
            .isEqualTo(Srvsvc.RPC_S_INVALID_TAG));
  }

  @Test
  void levelTwoReportsTheLiveTreeConnectsAsCurrentUses() throws Exception {
    ShareCatalog shares = server.services().shares();
    shares.connected(SmbTestServer.VOLUME);
    shares.connected(SmbTestServer.VOLUME);
    try {
      Bytes r = endpoint(SmbTestServer.USER).call(Srvsvc.OP_NETR_SHARE_GET_INFO, getInfoRequest("media", 2));
      // netname ref, STYPE_DISKTREE, remark ref, permissions 0, max_uses unlimited, current_uses 2.
      assertThat(r.toHex()).startsWith(u32(2) + "00000200" + "04000200" + u32(0) + "08000200" + u32(0)
          + "ffffffff" + u32(2));
    } finally {
      shares.disconnected(SmbTestServer.VOLUME);
      shares.disconnected(SmbTestServer.VOLUME);
    }
  }

  @Test
  void serverGetInfoAnswers100And101AndRefusesOthers() throws Exception {
    SrvsvcEndpoint e = endpoint(SmbTestServer.USER);
    Bytes l100 = e.call(Srvsvc.OP_NETR_SERVER_GET_INFO, Bytes.hex("00000000" + u32(100)));
    assertThat(l100).isEqualTo(Bytes.hex(u32(100) + "00000200" + u32(500) + "04000200"
        + "08000000 00000000 08000000" + "4500530054005500410052005900 0000" + u32(0)));
    assertThat(status(e.call(Srvsvc.OP_NETR_SERVER_GET_INFO, Bytes.hex("00000000" + u32(101)))))
        .isEqualTo(Srvsvc.WERR_OK);
    assertThat(status(e.call(Srvsvc.OP_NETR_SERVER_GET_INFO, Bytes.hex("00000000" + u32(102)))))
        .isEqualTo(Srvsvc.ERROR_INVALID_LEVEL);
    assertThatThrownBy(() -> e.call(Srvsvc.OP_NETR_SERVER_GET_INFO, Bytes.hex("00000000" + u32(7))))
        .isInstanceOfSatisfying(RpcDecodeException.class, x -> assertThat(x.faultStatus())
            .isEqualTo(Srvsvc.RPC_S_INVALID_TAG));
    assertThatThrownBy(() -> e.call(36, Bytes.EMPTY))
        .isInstanceOfSatisfying(RpcDecodeException.class, x -> assertThat(x.faultStatus())
            .isEqualTo(RpcPdu.NCA_S_OP_RNG_ERROR));
  }
}
