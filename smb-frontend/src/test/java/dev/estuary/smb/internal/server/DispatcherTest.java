package dev.estuary.smb.internal.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.estuary.core.RequestMetrics;
import dev.estuary.smb.internal.codec.Bytes;
import dev.estuary.smb.internal.codec.CodecLimits;
import dev.estuary.smb.internal.codec.Create;
import dev.estuary.smb.internal.codec.FileId;
import dev.estuary.smb.internal.codec.FileOps;
import dev.estuary.smb.internal.codec.Fscc;
import dev.estuary.smb.internal.codec.Info;
import dev.estuary.smb.internal.codec.Ioctl;
import dev.estuary.smb.internal.codec.Negotiate;
import dev.estuary.smb.internal.codec.NtStatus;
import dev.estuary.smb.internal.codec.ReadWrite;
import dev.estuary.smb.internal.codec.SimpleMessages;
import dev.estuary.smb.internal.codec.Smb2Header;
import dev.estuary.smb.internal.codec.SmbCommand;
import dev.estuary.smb.internal.codec.SmbMessages;
import dev.estuary.smb.internal.codec.TreeConnect;
import dev.estuary.smb.internal.codec.ValidateNegotiateInfo;
import dev.estuary.smb.testing.RawClient;
import dev.estuary.smb.testing.SmbTestServer;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The checks every request passes ([MS-SMB2] 3.3.5.2), driven with hand-made messages against one
 * connection's {@link Dispatcher}: what no real client sends on purpose (unsigned or tampered requests,
 * reused MessageIds, odd compounds, SMB1 probes, VALIDATE_NEGOTIATE_INFO with altered values).
 */
class DispatcherTest {
  private static SmbTestServer server;
  private Dispatcher dispatcher;
  private RawClient client;

  @BeforeAll
  static void start() throws Exception {
    server = new SmbTestServer();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @BeforeEach
  void connect() {
    dispatcher = new Dispatcher(server.services(), new RequestMetrics(server.registry(), "smb"));
    client = new RawClient(dispatcher);
  }

  private RawClient.Reply session(int dialect) throws Exception {
    client.negotiate(dialect);
    RawClient.Reply r = client.authenticate(SmbTestServer.USER, SmbTestServer.PASSWORD);
    assertThat(r.status()).isZero();
    // The final SESSION_SETUP response is signed with the new key (3.3.5.5.3).
    assertThat(r.header().isSigned()).isTrue();
    assertThat(client.signer().verify(client.lastResponse(), 0, client.lastResponse().readableBytes())).isTrue();
    return r;
  }

  private static ByteBuf smb1Negotiate(String... dialects) {
    ByteBuf b = Unpooled.buffer();
    b.writeIntLE(0x424D53FF).writeByte(0x72).writeZero(27);
    b.writeByte(0);
    ByteBuf d = Unpooled.buffer();
    for (String s : dialects) {
      d.writeByte(2).writeBytes(s.getBytes(StandardCharsets.US_ASCII)).writeByte(0);
    }
    b.writeShortLE(d.readableBytes()).writeBytes(d);
    return b;
  }

  @Test
  void anSmb1ProbeOfferingSmb2WildcardIsAnsweredWith02FfThenSmb2NegotiateFollows() throws Exception {
    List<RawClient.Reply> r = client.send(smb1Negotiate("NT LM 0.12", "SMB 2.002", "SMB 2.???"));
    Negotiate.Response n = (Negotiate.Response) r.get(0).body();
    assertThat(n.dialectRevision()).isEqualTo(Negotiate.SMB_2_WILDCARD);
    assertThat(n.securityMode() & Negotiate.SIGNING_REQUIRED).isNotZero();
    assertThat(r.get(0).header().credits()).isGreaterThanOrEqualTo(1);
    // 3.3.5.3.1: the client's SMB2 NEGOTIATE then comes with MessageId 1.
    client.nextMessageId(1);
    assertThat(((Negotiate.Response) client.negotiate(Negotiate.SMB_2_1, Negotiate.SMB_3_1_1).body())
        .dialectRevision()).isEqualTo(Negotiate.SMB_3_1_1);
  }

  @Test
  void anSmb1ProbeWithoutSmb2DropsTheConnection() throws Exception {
    assertThat(client.send(smb1Negotiate("NT LM 0.12"))).isNull();
  }

  @Test
  void anythingBeforeNegotiateDropsTheConnection() throws Exception {
    assertThat(client.call(client.header(SmbCommand.ECHO, 0), new SimpleMessages.Empty(SmbCommand.ECHO), false))
        .isNull();
  }

  @Test
  void aReusedMessageIdDropsTheConnection() throws Exception {
    session(Negotiate.SMB_2_1);
    client.nextMessageId(client.nextMessageId() - 1);
    assertThat(client.call(client.header(SmbCommand.ECHO, 0), new SimpleMessages.Empty(SmbCommand.ECHO), true))
        .isNull();
  }

  @Test
  void aMessageIdBeyondTheGrantedCreditsDropsTheConnection() throws Exception {
    session(Negotiate.SMB_2_1);
    client.nextMessageId(client.nextMessageId() + 10_000);
    assertThat(client.call(client.header(SmbCommand.ECHO, 0), new SimpleMessages.Empty(SmbCommand.ECHO), true))
        .isNull();
  }

  @Test
  void anUnsignedRequestOnASignedSessionIsAccessDenied() throws Exception {
    session(Negotiate.SMB_3_1_1);
    RawClient.Reply r = client.call(client.header(SmbCommand.TREE_CONNECT, 0),
        new TreeConnect.Request(0, "\\\\h\\" + SmbTestServer.VOLUME), false);
    assertThat(r.status()).isEqualTo(NtStatus.ACCESS_DENIED.code());
    // Control: the same request signed succeeds.
    assertThat(client.treeConnect(SmbTestServer.VOLUME).status()).isZero();
  }

  @Test
  void aTamperedSignatureIsAccessDenied() throws Exception {
    session(Negotiate.SMB_3_0);
    ByteBuf f = client.frame(List.of(client.header(SmbCommand.TREE_CONNECT, 0)),
        List.of(new TreeConnect.Request(0, "\\\\h\\" + SmbTestServer.VOLUME)), true);
    f.setByte(f.writerIndex() - 1, f.getByte(f.writerIndex() - 1) ^ 1);
    assertThat(client.send(f).get(0).status()).isEqualTo(NtStatus.ACCESS_DENIED.code());
  }

  @Test
  void validateNegotiateInfoOver30RepeatsTheServerValuesSigned() throws Exception {
    session(Negotiate.SMB_3_0);
    int tree = client.treeConnect("IPC$").header().treeId();
    Ioctl.Request v = new Ioctl.Request(Ioctl.FSCTL_VALIDATE_NEGOTIATE_INFO, FileId.RELATED,
        new ValidateNegotiateInfo.Request(0x7F, RawClient.CLIENT_GUID, Negotiate.SIGNING_ENABLED,
            List.of(Negotiate.SMB_3_0)).encode(), 0, Bytes.EMPTY, 24, Ioctl.IS_FSCTL);
    RawClient.Reply r = client.call(client.header(SmbCommand.IOCTL, tree), v, true);
    assertThat(r.status()).isZero();
    assertThat(r.header().isSigned()).isTrue();
    assertThat(client.signer().verify(client.lastResponse(), 0, client.lastResponse().readableBytes())).isTrue();
    ValidateNegotiateInfo.Response out = ValidateNegotiateInfo.Response.decode(((Ioctl.Response) r.body()).output());
    assertThat(out.dialect()).isEqualTo(Negotiate.SMB_3_0);
    assertThat(out.guid()).isEqualTo(server.services().settings().serverGuid());
    assertThat(out.securityMode()).isEqualTo(Negotiate.SIGNING_ENABLED | Negotiate.SIGNING_REQUIRED);
    assertThat(out.capabilities()).isEqualTo(Negotiate.CAP_LARGE_MTU | Negotiate.CAP_LEASING
        | Negotiate.CAP_ENCRYPTION);
  }

  @Test
  void validateNegotiateInfoWithAlteredValuesDropsTheConnection() throws Exception {
    session(Negotiate.SMB_3_0_2);
    int tree = client.treeConnect("IPC$").header().treeId();
    Ioctl.Request v = new Ioctl.Request(Ioctl.FSCTL_VALIDATE_NEGOTIATE_INFO, FileId.RELATED,
        new ValidateNegotiateInfo.Request(0x7F, RawClient.CLIENT_GUID, Negotiate.SIGNING_ENABLED,
            List.of(Negotiate.SMB_2_1, Negotiate.SMB_3_0_2)).encode(), 0, Bytes.EMPTY, 24, Ioctl.IS_FSCTL);
    assertThat(client.call(client.header(SmbCommand.IOCTL, tree), v, true)).isNull();
  }

  @Test
  void validateNegotiateInfoOver311DropsTheConnection() throws Exception {
    session(Negotiate.SMB_3_1_1);
    int tree = client.treeConnect("IPC$").header().treeId();
    Ioctl.Request v = new Ioctl.Request(Ioctl.FSCTL_VALIDATE_NEGOTIATE_INFO, FileId.RELATED,
        new ValidateNegotiateInfo.Request(0x7F, RawClient.CLIENT_GUID, Negotiate.SIGNING_ENABLED,
            List.of(Negotiate.SMB_3_1_1)).encode(), 0, Bytes.EMPTY, 24, Ioctl.IS_FSCTL);
    assertThat(client.call(client.header(SmbCommand.IOCTL, tree), v, true)).isNull();
  }

  @Test
  void relatedRequestsInheritTheTreeAndTheFileIdAndEachResponseIsSigned() throws Exception {
    session(Negotiate.SMB_3_1_1);
    Smb2Header tc = client.header(SmbCommand.TREE_CONNECT, 0);
    Smb2Header create = client.header(SmbCommand.CREATE, 0).withFlags(Smb2Header.FLAG_RELATED);
    Smb2Header write = client.header(SmbCommand.WRITE, 0).withFlags(Smb2Header.FLAG_RELATED);
    Smb2Header close = client.header(SmbCommand.CLOSE, 0).withFlags(Smb2Header.FLAG_RELATED);
    // OPEN_IF with read and write access, then WRITE and CLOSE naming the open by the all-ones FileId.
    Create.Request c = new Create.Request(0, 0, 2, 0, 0x0012019F, 0, 7, 3, 0, "related.txt", List.of());
    List<RawClient.Reply> r = client.send(client.frame(List.of(tc, create, write, close),
        List.of(new TreeConnect.Request(0, "\\\\h\\" + SmbTestServer.VOLUME), c,
            new ReadWrite.WriteRequest(0, FileId.RELATED, 0, 0, Bytes.EMPTY, 0,
                Bytes.of("inherited".getBytes(StandardCharsets.UTF_8))),
            new FileOps.CloseRequest(FileOps.CLOSE_FLAG_POSTQUERY_ATTRIB, FileId.RELATED)), true));
    assertThat(r).hasSize(4);
    assertThat(r).extracting(RawClient.Reply::status).containsOnly(0);
    assertThat(r.get(1).header().treeId()).isEqualTo(r.get(0).header().treeId());
    assertThat(r.get(1).header().isRelated()).isTrue();
    assertThat(((FileOps.CloseResponse) r.get(3).body()).endOfFile()).isEqualTo(9);
    var v = server.services().dfs().volume(SmbTestServer.VOLUME);
    assertThat(v.resolve("related.txt", false).size()).isEqualTo(9);
    ByteBuf out = client.lastResponse();
    List<SmbMessages.Raw> raws = SmbMessages.split(out, 0, out.readableBytes());
    for (SmbMessages.Raw raw : raws) {
      assertThat(client.signer().verify(out, raw.offset(), raw.length())).isTrue();
    }
  }

  @Test
  void aRelatedRequestAfterAFailedOneFailsTheSameWay() throws Exception {
    session(Negotiate.SMB_2_1);
    Smb2Header tc = client.header(SmbCommand.TREE_CONNECT, 0);
    Smb2Header td = client.header(SmbCommand.TREE_DISCONNECT, 0).withFlags(Smb2Header.FLAG_RELATED);
    List<RawClient.Reply> r = client.send(client.frame(List.of(tc, td),
        List.of(new TreeConnect.Request(0, "\\\\h\\missing"), new SimpleMessages.Empty(SmbCommand.TREE_DISCONNECT)),
        true));
    assertThat(r).extracting(RawClient.Reply::status)
        .containsExactly(NtStatus.BAD_NETWORK_NAME.code(), NtStatus.BAD_NETWORK_NAME.code());
  }

  /** A rename of the related open to {@code target} (FILE_RENAME_INFORMATION / FILE_LINK_INFORMATION). */
  private static Info.SetRequest renameRelated(int infoClass, String target) {
    byte[] n = target.getBytes(StandardCharsets.UTF_16LE);
    java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(20 + n.length).order(java.nio.ByteOrder.LITTLE_ENDIAN);
    b.putInt(16, n.length).put(20, n);
    return new Info.SetRequest(Info.INFO_FILE, infoClass, 0, FileId.RELATED, Bytes.of(b.array()));
  }

  @Test
  void aFailedSetInfoInARelatedChainStillLetsTheCloseCloseTheOpen() throws Exception {
    // The Linux cifs client sends CREATE + SET_INFO + CLOSE as one related compound for rename, link and
    // delete; when the SET_INFO is refused (a rename onto an existing name without ReplaceIfExists, a hard
    // link) the CLOSE must still close the open. 3.3.5.2.7.2 with its product note: Windows (and Samba)
    // fails the later related requests only after a failed CREATE.
    session(Negotiate.SMB_3_1_1);
    int tree = client.treeConnect(SmbTestServer.VOLUME).header().treeId();
    for (String name : List.of("chain-a.txt", "chain-b.txt")) {
      Create.Request c = new Create.Request(0, 0, 2, 0, 0x0012019F, 0, 7, 2, 0, name, List.of());
      RawClient.Reply r = client.call(client.header(SmbCommand.CREATE, tree), c, true);
      assertThat(r.status()).isZero();
      assertThat(client.call(client.header(SmbCommand.CLOSE, tree),
          new FileOps.CloseRequest(0, ((Create.Response) r.body()).fileId()), true).status()).isZero();
    }
    for (Info.SetRequest refused : List.of(renameRelated(Fscc.FILE_RENAME_INFORMATION, "chain-b.txt"),
        renameRelated(Fscc.FILE_LINK_INFORMATION, "chain-link.txt"))) {
      // DELETE access (0x10000) as cifs asks for it for a rename.
      Create.Request open = new Create.Request(0, 0, 2, 0, 0x0013019F, 0, 7, 1, 0, "chain-a.txt", List.of());
      List<RawClient.Reply> r = client.send(client.frame(List.of(client.header(SmbCommand.CREATE, tree),
          client.header(SmbCommand.SET_INFO, tree).withFlags(Smb2Header.FLAG_RELATED),
          client.header(SmbCommand.CLOSE, tree).withFlags(Smb2Header.FLAG_RELATED)),
          List.of(open, refused, new FileOps.CloseRequest(0, FileId.RELATED)), true));
      assertThat(r).extracting(RawClient.Reply::status).as("CREATE, refused SET_INFO class %d, CLOSE",
          refused.fileInfoClass()).containsExactly(0, refused.fileInfoClass() == Fscc.FILE_RENAME_INFORMATION
              ? NtStatus.OBJECT_NAME_COLLISION.code() : NtStatus.NOT_SUPPORTED.code(), 0);
      // No open was left behind: an open that shares nothing gets the file.
      Create.Request exclusive = new Create.Request(0, 0, 2, 0, 0x0013019F, 0, 0, 1, 0, "chain-a.txt", List.of());
      RawClient.Reply x = client.call(client.header(SmbCommand.CREATE, tree), exclusive, true);
      assertThat(x.status()).as("exclusive open after the chain").isZero();
      assertThat(client.call(client.header(SmbCommand.CLOSE, tree),
          new FileOps.CloseRequest(0, ((Create.Response) x.body()).fileId()), true).status()).isZero();
    }
    // A failed CREATE still fails the rest of the chain with its status: there is no open to work on.
    Create.Request missing = new Create.Request(0, 0, 2, 0, 0x00120089, 0, 7, 1, 0, "chain-missing.txt", List.of());
    List<RawClient.Reply> r = client.send(client.frame(List.of(client.header(SmbCommand.CREATE, tree),
        client.header(SmbCommand.QUERY_INFO, tree).withFlags(Smb2Header.FLAG_RELATED),
        client.header(SmbCommand.CLOSE, tree).withFlags(Smb2Header.FLAG_RELATED)),
        List.of(missing, new Info.QueryRequest(Info.INFO_FILE, Fscc.FILE_STANDARD_INFORMATION, 24, Bytes.EMPTY, 0, 0,
            FileId.RELATED), new FileOps.CloseRequest(0, FileId.RELATED)), true));
    assertThat(r).extracting(RawClient.Reply::status).containsExactly(NtStatus.OBJECT_NAME_NOT_FOUND.code(),
        NtStatus.OBJECT_NAME_NOT_FOUND.code(), NtStatus.OBJECT_NAME_NOT_FOUND.code());
  }

  @Test
  void aRelatedRequestAfterOneOfAnUnknownSessionIsInvalidParameter() throws Exception {
    session(Negotiate.SMB_3_1_1);
    Smb2Header echo = client.header(SmbCommand.ECHO, 0);
    Smb2Header stranger = new Smb2Header(echo.creditCharge(), 0, SmbCommand.TREE_DISCONNECT.code(), 1, 0, 0,
        echo.messageId(), 0, 0, 0, -1L, Bytes.zeros(16));
    client.nextMessageId(echo.messageId() + 1);
    Smb2Header related = client.header(SmbCommand.TREE_DISCONNECT, 0).withFlags(Smb2Header.FLAG_RELATED);
    List<RawClient.Reply> r = client.send(client.frame(List.of(stranger, related), List.of(
        new SimpleMessages.Empty(SmbCommand.TREE_DISCONNECT), new SimpleMessages.Empty(SmbCommand.TREE_DISCONNECT)),
        true));
    // The first names no session; the related one has no session to inherit (3.3.5.2.7.2).
    assertThat(r).extracting(RawClient.Reply::status)
        .containsExactly(NtStatus.USER_SESSION_DELETED.code(), NtStatus.INVALID_PARAMETER.code());
  }

  @Test
  void aRelatedRequestAfterAFailedWriteStillRuns() throws Exception {
    session(Negotiate.SMB_3_1_1);
    Smb2Header tc = client.header(SmbCommand.TREE_CONNECT, 0);
    Smb2Header create = client.header(SmbCommand.CREATE, 0).withFlags(Smb2Header.FLAG_RELATED);
    Smb2Header write = client.header(SmbCommand.WRITE, 0).withFlags(Smb2Header.FLAG_RELATED);
    Smb2Header close = client.header(SmbCommand.CLOSE, 0).withFlags(Smb2Header.FLAG_RELATED);
    // OPEN_IF for reading only: the WRITE fails on its own; the CLOSE of the same open still runs
    // (3.3.5.2.7.2 passes on only the failure of what creates the inherited handle).
    Create.Request c = new Create.Request(0, 0, 2, 0, 0x00120089, 0, 7, 3, 0, "read-only.txt", List.of());
    List<RawClient.Reply> r = client.send(client.frame(List.of(tc, create, write, close),
        List.of(new TreeConnect.Request(0, "\\\\h\\" + SmbTestServer.VOLUME), c,
            new ReadWrite.WriteRequest(0, FileId.RELATED, 0, 0, Bytes.EMPTY, 0,
                Bytes.of("denied".getBytes(StandardCharsets.UTF_8))),
            new FileOps.CloseRequest(0, FileId.RELATED)), true));
    assertThat(r).extracting(RawClient.Reply::status)
        .containsExactly(0, 0, NtStatus.ACCESS_DENIED.code(), 0);
  }

  @Test
  void aFailedCreatePassesItsStatusDownTheWholeChain() throws Exception {
    session(Negotiate.SMB_3_1_1);
    Smb2Header tc = client.header(SmbCommand.TREE_CONNECT, 0);
    Smb2Header create = client.header(SmbCommand.CREATE, 0).withFlags(Smb2Header.FLAG_RELATED);
    Smb2Header read = client.header(SmbCommand.READ, 0).withFlags(Smb2Header.FLAG_RELATED);
    Smb2Header close = client.header(SmbCommand.CLOSE, 0).withFlags(Smb2Header.FLAG_RELATED);
    Create.Request c = new Create.Request(0, 0, 2, 0, 0x00120089, 0, 7, 1, 0, "absent.txt", List.of());
    List<RawClient.Reply> r = client.send(client.frame(List.of(tc, create, read, close),
        List.of(new TreeConnect.Request(0, "\\\\h\\" + SmbTestServer.VOLUME), c,
            new ReadWrite.ReadRequest(0, 0, 1, 0, FileId.RELATED, 0, 0, 0, Bytes.EMPTY),
            new FileOps.CloseRequest(0, FileId.RELATED)), true));
    int notFound = NtStatus.OBJECT_NAME_NOT_FOUND.code();
    assertThat(r).extracting(RawClient.Reply::status).containsExactly(0, notFound, notFound, notFound);
  }

  @Test
  void aRelatedRequestInheritsTheInvalidFileIdAnUnrelatedOneNamed() throws Exception {
    session(Negotiate.SMB_3_1_1);
    int tree = client.treeConnect(SmbTestServer.VOLUME).header().treeId();
    Create.Request c = new Create.Request(0, 0, 2, 0, 0x0012019F, 0, 7, 3, 0, "inherit.txt", List.of());
    // The unrelated CLOSE names the all-ones FileId as a plain (invalid) handle; the related CLOSE after it
    // inherits that handle, not the CREATE's open (3.3.5.2.7.2).
    List<RawClient.Reply> r = client.send(client.frame(List.of(client.header(SmbCommand.CREATE, tree),
        client.header(SmbCommand.CLOSE, tree),
        client.header(SmbCommand.CLOSE, tree).withFlags(Smb2Header.FLAG_RELATED)),
        List.of(c, new FileOps.CloseRequest(0, FileId.RELATED), new FileOps.CloseRequest(0, FileId.RELATED)), true));
    int closed = NtStatus.FILE_CLOSED.code();
    assertThat(r).extracting(RawClient.Reply::status).containsExactly(0, closed, closed);
  }

  @Test
  void aFirstRequestMarkedRelatedIsInvalidParameter() throws Exception {
    session(Negotiate.SMB_2_1);
    Smb2Header h = client.header(SmbCommand.ECHO, 0).withFlags(Smb2Header.FLAG_RELATED);
    RawClient.Reply r = client.call(h, new SimpleMessages.Empty(SmbCommand.ECHO), true);
    assertThat(r.status()).isEqualTo(NtStatus.INVALID_PARAMETER.code());
    // Signed like every answer on the session, so a client requiring signing can read it.
    assertThat(r.header().isSigned()).isTrue();
    assertThat(client.signer().verify(client.lastResponse(), 0, client.lastResponse().readableBytes())).isTrue();
  }

  @Test
  void unrelatedCompoundsAreAnsweredOneByOne() throws Exception {
    session(Negotiate.SMB_3_0);
    List<RawClient.Reply> r = client.send(client.frame(List.of(client.header(SmbCommand.ECHO, 0),
        client.header(SmbCommand.TREE_CONNECT, 0)), List.of(new SimpleMessages.Empty(SmbCommand.ECHO),
        new TreeConnect.Request(0, "\\\\h\\nope")), true));
    assertThat(r).extracting(RawClient.Reply::status).containsExactly(0, NtStatus.BAD_NETWORK_NAME.code());
  }

  @Test
  void aRequestOnAnUnknownTreeIsNetworkNameDeleted() throws Exception {
    session(Negotiate.SMB_2_1);
    Create.Request c = new Create.Request(0, 0, 2, 0, 0x00120089, 0, 7, 1, 0, "a.txt", List.of());
    assertThat(client.call(client.header(SmbCommand.CREATE, 77), c, true).status())
        .isEqualTo(NtStatus.NETWORK_NAME_DELETED.code());
  }

  @Test
  void cancelIsNeverAnsweredAndTakesNoCredit() throws Exception {
    session(Negotiate.SMB_2_1);
    long before = dispatcher.connection().credits().available();
    Smb2Header cancel = client.header(SmbCommand.CANCEL, 0);
    assertThat(client.send(client.frame(List.of(cancel), List.of(new SimpleMessages.Empty(SmbCommand.CANCEL)),
        true))).isEmpty();
    assertThat(dispatcher.connection().credits().available()).isEqualTo(before);
  }

  @Test
  void aSessionPastTheLimitIsInsufficientResources() throws Exception {
    client.negotiate(Negotiate.SMB_2_1);
    int max = server.services().settings().maxSessions();
    for (int i = 0; i < max; i++) {
      RawClient extra = client.fork();
      assertThat(extra.authenticate(SmbTestServer.USER, SmbTestServer.PASSWORD).status()).isZero();
      client.nextMessageId(extra.nextMessageId());
    }
    RawClient last = client.fork();
    assertThat(last.authenticate(SmbTestServer.USER, SmbTestServer.PASSWORD).status())
        .isEqualTo(NtStatus.INSUFFICIENT_RESOURCES.code());
  }

  @Test
  void afterLogoffTheSessionIsGone() throws Exception {
    session(Negotiate.SMB_2_1);
    assertThat(client.call(client.header(SmbCommand.LOGOFF, 0), new SimpleMessages.Empty(SmbCommand.LOGOFF), true)
        .status()).isZero();
    assertThat(client.treeConnect(SmbTestServer.VOLUME).status()).isEqualTo(NtStatus.USER_SESSION_DELETED.code());
  }

  @Test
  void aSignedRequestAfterLogoffIsUserSessionDeletedWithTheSignedFlag() throws Exception {
    session(Negotiate.SMB_3_1_1);
    assertThat(client.call(client.header(SmbCommand.LOGOFF, 0), new SimpleMessages.Empty(SmbCommand.LOGOFF), true)
        .status()).isZero();
    // The client still signs with the old key; the answer keeps SMB2_FLAGS_SIGNED (no key to sign it with),
    // which is what a client that requires signing accepts for STATUS_USER_SESSION_DELETED.
    RawClient.Reply again = client.call(client.header(SmbCommand.LOGOFF, 0),
        new SimpleMessages.Empty(SmbCommand.LOGOFF), true);
    assertThat(again.status()).isEqualTo(NtStatus.USER_SESSION_DELETED.code());
    assertThat(again.header().isSigned()).isTrue();
  }

  @Test
  void reauthenticationKeepsTheSessionAndItsKeysButNotAnotherUser() throws Exception {
    session(Negotiate.SMB_3_1_1);
    long id = client.sessionId();
    RawClient.Reply again = client.authenticate(SmbTestServer.USER, SmbTestServer.PASSWORD);
    assertThat(again.status()).isZero();
    assertThat(again.header().sessionId()).isEqualTo(id);
    // Still signed with the key of the first authentication (3.3.5.5.3: keys are not derived again).
    assertThat(client.signer().verify(client.lastResponse(), 0, client.lastResponse().readableBytes())).isTrue();
    assertThat(client.treeConnect(SmbTestServer.VOLUME).status()).isZero();
    assertThat(client.authenticate(SmbTestServer.READER, SmbTestServer.PASSWORD).status())
        .isEqualTo(NtStatus.ACCESS_DENIED.code());
    // A failed re-authentication removes the session (3.3.5.5.3).
    assertThat(client.treeConnect(SmbTestServer.VOLUME).status()).isEqualTo(NtStatus.USER_SESSION_DELETED.code());
  }

  @Test
  void anEncryptedShareRefusesPlainRequestsAndAnswersEncryptedOnesEncrypted() throws Exception {
    session(Negotiate.SMB_3_1_1);
    // RawClient offers AES-128-GCM first, so the server picked it.
    ByteBuf tc = client.frame(List.of(client.header(SmbCommand.TREE_CONNECT, 0)),
        List.of(new TreeConnect.Request(0, "\\\\h\\" + SmbTestServer.SEALED)), false);
    RawClient.Reply r = client.send(client.encrypt(tc, client.sessionId())).get(0);
    assertThat(r.status()).isZero();
    assertThat(client.lastEncrypted()).isTrue();
    int tree = r.header().treeId();
    // A signed but plain request on the tree is refused (3.3.5.2.11)...
    RawClient.Reply plain = client.call(client.header(SmbCommand.TREE_DISCONNECT, tree),
        new SimpleMessages.Empty(SmbCommand.TREE_DISCONNECT), true);
    assertThat(plain.status()).isEqualTo(NtStatus.ACCESS_DENIED.code());
    // ...the same request encrypted succeeds, and its answer is encrypted.
    ByteBuf td = client.frame(List.of(client.header(SmbCommand.TREE_DISCONNECT, tree)),
        List.of(new SimpleMessages.Empty(SmbCommand.TREE_DISCONNECT)), false);
    assertThat(client.send(client.encrypt(td, client.sessionId())).get(0).status()).isZero();
    assertThat(client.lastEncrypted()).isTrue();
  }

  @Test
  void aTransformNamingAnotherSessionDropsTheConnection() throws Exception {
    session(Negotiate.SMB_3_1_1);
    ByteBuf echo = client.frame(List.of(client.header(SmbCommand.ECHO, 0)),
        List.of(new SimpleMessages.Empty(SmbCommand.ECHO)), false);
    assertThat(client.send(client.encrypt(echo, client.sessionId() + 1))).isNull();
  }

  @Test
  void aTamperedTransformDropsTheConnection() throws Exception {
    session(Negotiate.SMB_3_1_1);
    ByteBuf echo = client.encrypt(client.frame(List.of(client.header(SmbCommand.ECHO, 0)),
        List.of(new SimpleMessages.Empty(SmbCommand.ECHO)), false), client.sessionId());
    echo.setByte(echo.writerIndex() - 1, echo.getByte(echo.writerIndex() - 1) ^ 1);
    assertThat(client.send(echo)).isNull();
  }

  @Test
  void aMultiCreditRequestMustPayForItsPayload() throws Exception {
    session(Negotiate.SMB_3_0);
    int tree = client.treeConnect("IPC$").header().treeId();
    // MaxOutputResponse 64 KiB + 1 needs two credits (3.3.5.2.5).
    Ioctl.Request big = new Ioctl.Request(Ioctl.FSCTL_QUERY_NETWORK_INTERFACE_INFO, FileId.RELATED, Bytes.EMPTY, 0,
        Bytes.EMPTY, 65_537, Ioctl.IS_FSCTL);
    assertThat(client.call(client.header(SmbCommand.IOCTL, tree), big, true).status())
        .isEqualTo(NtStatus.INVALID_PARAMETER.code());
    Smb2Header paid = client.header(SmbCommand.IOCTL, tree);
    paid = new Smb2Header(2, 0, paid.command(), 8, 0, 0, paid.messageId(), 0, 0, tree, paid.sessionId(),
        Bytes.zeros(16));
    client.nextMessageId(client.nextMessageId() + 1);
    assertThat(client.call(paid, big, true).status()).isEqualTo(NtStatus.NOT_SUPPORTED.code());
  }
}
