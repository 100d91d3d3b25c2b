package dev.estuary.smb.internal.ops;

import static org.assertj.core.api.Assertions.assertThat;

import dev.estuary.core.Principal;
import dev.estuary.smb.internal.codec.Bytes;
import dev.estuary.smb.internal.codec.FileId;
import dev.estuary.smb.internal.codec.Ioctl;
import dev.estuary.smb.internal.codec.Negotiate;
import dev.estuary.smb.internal.codec.NtStatus;
import dev.estuary.smb.internal.codec.ValidateNegotiateInfo;
import dev.estuary.smb.internal.state.ConnectionState;
import dev.estuary.smb.internal.state.SessionState;
import dev.estuary.smb.internal.state.TreeState;
import dev.estuary.smb.testing.SmbTestServer;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** IOCTL ([MS-SMB2] 3.3.5.15) through {@link IoctlHandler}. */
class IoctlHandlerTest {
  private static SmbTestServer server;
  private static IoctlHandler handler;

  @BeforeAll
  static void start() throws Exception {
    server = new SmbTestServer();
    handler = new IoctlHandler(server.services());
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static SmbReply call(ConnectionState c, int ctl, Bytes input, int maxOut, int flags) throws Exception {
    SessionState s = HandlerFixture.session(c, new Principal("alice", 1000, 1000, false, Map.of()));
    TreeState ipc = new TreeState(1, "IPC$", null, 0, false);
    return handler.handle(HandlerFixture.request(c, new Ioctl.Request(ctl, FileId.RELATED, input, 0, Bytes.EMPTY,
        maxOut, flags), s, ipc));
  }

  private static Bytes validate(int caps, int mode, List<Integer> dialects) {
    return new ValidateNegotiateInfo.Request(caps, Bytes.zeros(16), mode, dialects).encode();
  }

  @Test
  void validateNegotiateInfoAnswersTheServersNegotiateValues() throws Exception {
    ConnectionState c = HandlerFixture.negotiated(Negotiate.SMB_3_0, null);
    SmbReply r = call(c, Ioctl.FSCTL_VALIDATE_NEGOTIATE_INFO, validate(0x7F, 1, List.of(Negotiate.SMB_3_0)), 24,
        Ioctl.IS_FSCTL);
    assertThat(r.status()).isEqualTo(NtStatus.SUCCESS);
    ValidateNegotiateInfo.Response v = ValidateNegotiateInfo.Response.decode(((Ioctl.Response) r.body()).output());
    assertThat(v).isEqualTo(new ValidateNegotiateInfo.Response(Negotiate.CAP_LARGE_MTU,
        server.services().settings().serverGuid(), 3, Negotiate.SMB_3_0));
  }

  @Test
  void validateNegotiateInfoWithOtherCapabilitiesOrModeDropsTheConnection() throws Exception {
    ConnectionState c = HandlerFixture.negotiated(Negotiate.SMB_3_0_2, null);
    assertThat(call(c, Ioctl.FSCTL_VALIDATE_NEGOTIATE_INFO, validate(0x3F, 1, List.of(Negotiate.SMB_3_0_2)), 24,
        Ioctl.IS_FSCTL).disconnect()).isTrue();
    assertThat(call(c, Ioctl.FSCTL_VALIDATE_NEGOTIATE_INFO, validate(0x7F, 2, List.of(Negotiate.SMB_3_0_2)), 24,
        Ioctl.IS_FSCTL).disconnect()).isTrue();
  }

  @Test
  void validateNegotiateInfoWithASmallOutputBufferIsInvalidParameter() throws Exception {
    ConnectionState c = HandlerFixture.negotiated(Negotiate.SMB_3_0, null);
    assertThat(call(c, Ioctl.FSCTL_VALIDATE_NEGOTIATE_INFO, validate(0x7F, 1, List.of(Negotiate.SMB_3_0)), 23,
        Ioctl.IS_FSCTL).status()).isEqualTo(NtStatus.INVALID_PARAMETER);
  }

  @Test
  void dfsReferralsNeedTheDfsDriver() throws Exception {
    ConnectionState c = HandlerFixture.negotiated(Negotiate.SMB_2_1, null);
    assertThat(call(c, Ioctl.FSCTL_DFS_GET_REFERRALS, Bytes.zeros(4), 1024, Ioctl.IS_FSCTL).status())
        .isEqualTo(NtStatus.FS_DRIVER_REQUIRED);
    assertThat(call(c, Ioctl.FSCTL_DFS_GET_REFERRALS_EX, Bytes.zeros(4), 1024, Ioctl.IS_FSCTL).status())
        .isEqualTo(NtStatus.FS_DRIVER_REQUIRED);
  }

  @Test
  void otherControlCodesAndNonFsctlRequestsAreNotSupported() throws Exception {
    ConnectionState c = HandlerFixture.negotiated(Negotiate.SMB_3_0, null);
    // FSCTL_GET_REPARSE_POINT ([MS-FSCC] 2.3.29): not served.
    assertThat(call(c, 0x000900A8, Bytes.EMPTY, 1024, Ioctl.IS_FSCTL).status())
        .isEqualTo(NtStatus.NOT_SUPPORTED);
    assertThat(call(c, Ioctl.FSCTL_VALIDATE_NEGOTIATE_INFO, validate(0x7F, 1, List.of(0x0300)), 24, 0).status())
        .isEqualTo(NtStatus.NOT_SUPPORTED);
  }
}
