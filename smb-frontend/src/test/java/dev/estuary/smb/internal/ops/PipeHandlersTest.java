package dev.estuary.smb.internal.ops;

import static org.assertj.core.api.Assertions.assertThat;

import dev.estuary.core.Principal;
import dev.estuary.smb.internal.codec.Bytes;
import dev.estuary.smb.internal.codec.Create;
import dev.estuary.smb.internal.codec.FileId;
import dev.estuary.smb.internal.codec.FileOps;
import dev.estuary.smb.internal.codec.Ioctl;
import dev.estuary.smb.internal.codec.Negotiate;
import dev.estuary.smb.internal.codec.NtStatus;
import dev.estuary.smb.internal.codec.ReadWrite;
import dev.estuary.smb.internal.codec.SmbMessage;
import dev.estuary.smb.internal.codec.TreeConnect;
import dev.estuary.smb.internal.rpc.RpcPdu;
import dev.estuary.smb.internal.rpc.SyntaxId;
import dev.estuary.smb.internal.state.ConnectionState;
import dev.estuary.smb.internal.state.SessionState;
import dev.estuary.smb.internal.state.TreeState;
import dev.estuary.smb.testing.SmbTestServer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The IPC$ pipe handlers one by one (CREATE, WRITE, READ, CLOSE, FSCTL_PIPE_TRANSCEIVE) on a real session
 * and IPC$ tree, and the routing by share type.
 */
class PipeHandlersTest {
  private static SmbTestServer server;
  private ConnectionState c;
  private SessionState s;
  private TreeState ipc;
  private TreeState disk;

  @BeforeAll
  static void start() throws Exception {
    server = new SmbTestServer();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @BeforeEach
  void session() {
    c = HandlerFixture.negotiated(Negotiate.SMB_3_1_1, null);
    Principal p = server.services().identity().principal(SmbTestServer.USER).orElseThrow();
    s = HandlerFixture.session(c, p);
    TreeConnectHandler tc = new TreeConnectHandler(server.services());
    ipc = s.trees().get(tc.handle(HandlerFixture.request(c, new TreeConnect.Request(0, "\\\\srv\\IPC$"), s, null))
        .treeId());
    disk = s.trees().get(tc.handle(HandlerFixture.request(c, new TreeConnect.Request(0, "\\\\srv\\media"), s, null))
        .treeId());
  }

  private SmbReply call(SmbHandler h, SmbMessage body, TreeState tree) throws Exception {
    return h.handle(HandlerFixture.request(c, body, s, tree));
  }

  private static Create.Request create(String name, int disposition) {
    return new Create.Request(0, 0, 2, 0, 0x0012019F, 0, 7, disposition, 0, name, List.of());
  }

  private FileId open() throws Exception {
    SmbReply r = call(new PipeCreateHandler(server.services()), create("srvsvc", PipeCreateHandler.FILE_OPEN), ipc);
    assertThat(r.status()).isEqualTo(NtStatus.SUCCESS);
    return ((Create.Response) r.body()).fileId();
  }

  private static byte[] bind() {
    return new RpcPdu.Bind(1, false, 3, 4280, 4280, 0, List.of(new RpcPdu.Context(0, SyntaxId.SRVSVC,
        List.of(SyntaxId.NDR))), 0).encode();
  }

  @Test
  void createOpensSrvsvcOnlyAndRefusesReplacingDispositions() throws Exception {
    PipeCreateHandler h = new PipeCreateHandler(server.services());
    Create.Response r = (Create.Response) call(h, create("SRVSVC", PipeCreateHandler.FILE_OPEN_IF), ipc).body();
    assertThat(r.createAction()).isEqualTo(PipeCreateHandler.FILE_OPENED);
    assertThat(r.fileAttributes()).isEqualTo(PipeCreateHandler.ATTRIBUTE_NORMAL);
    assertThat(s.pipes().size()).isEqualTo(1);
    assertThat(call(h, create("lsarpc", PipeCreateHandler.FILE_OPEN), ipc).status())
        .isEqualTo(NtStatus.OBJECT_NAME_NOT_FOUND);
    assertThat(call(h, create("mdssvc", PipeCreateHandler.FILE_OPEN), ipc).status())
        .isEqualTo(NtStatus.OBJECT_NAME_NOT_FOUND);
    assertThat(call(h, create("srvsvc", PipeCreateHandler.FILE_CREATE), ipc).status())
        .isEqualTo(NtStatus.OBJECT_NAME_COLLISION);
    assertThat(call(h, create("srvsvc", 5), ipc).status()).isEqualTo(NtStatus.INVALID_PARAMETER);
  }

  @Test
  void writeThenReadCarriesTheBindAndCloseEndsTheOpen() throws Exception {
    FileId id = open();
    SmbReply w = call(new PipeWriteHandler(), new ReadWrite.WriteRequest(0, id, 0, 0, Bytes.EMPTY, 0,
        Bytes.of(bind())), ipc);
    assertThat(w.status()).isEqualTo(NtStatus.SUCCESS);
    assertThat(((ReadWrite.WriteResponse) w.body()).count()).isEqualTo(bind().length);
    // A 16-byte read gets the head of the BIND_ACK with STATUS_BUFFER_OVERFLOW; the next read the rest.
    SmbReply part = call(new PipeReadHandler(), new ReadWrite.ReadRequest(0, 0, 16, 0, id, 0, 0, 0, Bytes.EMPTY), ipc);
    assertThat(part.status()).isEqualTo(NtStatus.BUFFER_OVERFLOW);
    byte[] head = ((ReadWrite.ReadResponse) part.body()).data().toArray();
    assertThat(head[2]).isEqualTo((byte) RpcPdu.BIND_ACK);
    SmbReply rest = call(new PipeReadHandler(), new ReadWrite.ReadRequest(0, 0, 4280, 0, id, 0, 0, 0, Bytes.EMPTY),
        ipc);
    assertThat(rest.status()).isEqualTo(NtStatus.SUCCESS);
    assertThat(16 + ((ReadWrite.ReadResponse) rest.body()).data().length()).isEqualTo((head[8] & 0xFF) | head[9] << 8);
    assertThat(call(new PipeCloseHandler(), new FileOps.CloseRequest(1, id), ipc).status()).isEqualTo(NtStatus.SUCCESS);
    assertThat(call(new PipeCloseHandler(), new FileOps.CloseRequest(1, id), ipc).status())
        .isEqualTo(NtStatus.FILE_CLOSED);
    assertThat(s.pipes().size()).isZero();
  }

  @Test
  void aReadOfAnEmptyPipeGoesAsyncAndCompletesWithTheNextAnswer() throws Exception {
    FileId id = open();
    SmbReply r = call(new PipeReadHandler(), new ReadWrite.ReadRequest(0, 0, 4280, 0, id, 0, 0, 0, Bytes.EMPTY), ipc);
    assertThat(r.status()).isEqualTo(NtStatus.PENDING);
    List<SmbReply> done = new ArrayList<>();
    r.async().start(done::add);
    assertThat(done).isEmpty();
    call(new PipeWriteHandler(), new ReadWrite.WriteRequest(0, id, 0, 0, Bytes.EMPTY, 0, Bytes.of(bind())), ipc);
    assertThat(done).hasSize(1);
    assertThat(((ReadWrite.ReadResponse) done.get(0).body()).data().get(2)).isEqualTo((byte) RpcPdu.BIND_ACK);
    // A second waiting read ends with STATUS_PIPE_BROKEN when the pipe closes under it.
    SmbReply again = call(new PipeReadHandler(), new ReadWrite.ReadRequest(0, 0, 10, 0, id, 0, 0, 0, Bytes.EMPTY), ipc);
    again.async().start(done::add);
    new TreeDisconnectHandler(server.services()).handle(HandlerFixture.request(c,
        new dev.estuary.smb.internal.codec.SimpleMessages.Empty(dev.estuary.smb.internal.codec.SmbCommand.TREE_DISCONNECT),
        s, ipc));
    assertThat(done).hasSize(2);
    assertThat(done.get(1).status()).isEqualTo(NtStatus.PIPE_BROKEN);
  }

  @Test
  void transceiveWritesAndReadsInOneIoctl() throws Exception {
    FileId id = open();
    IoctlHandler h = new IoctlHandler(server.services());
    SmbReply r = call(h, new Ioctl.Request(Ioctl.FSCTL_PIPE_TRANSCEIVE, id, Bytes.of(bind()), 0, Bytes.EMPTY, 4280,
        Ioctl.IS_FSCTL), ipc);
    assertThat(r.status()).isEqualTo(NtStatus.SUCCESS);
    assertThat(((Ioctl.Response) r.body()).output().get(2)).isEqualTo((byte) RpcPdu.BIND_ACK);
    // A short MaxOutputResponse: BUFFER_OVERFLOW, and the pipe is busy until the rest is read.
    byte[] req = new RpcPdu.Request(2, 3, 0, 0, 21, Bytes.hex("00000000 64000000")).encode();
    SmbReply part = call(h, new Ioctl.Request(Ioctl.FSCTL_PIPE_TRANSCEIVE, id, Bytes.of(req), 0, Bytes.EMPTY, 24,
        Ioctl.IS_FSCTL), ipc);
    assertThat(part.status()).isEqualTo(NtStatus.BUFFER_OVERFLOW);
    assertThat(((Ioctl.Response) part.body()).output().length()).isEqualTo(24);
    assertThat(call(h, new Ioctl.Request(Ioctl.FSCTL_PIPE_TRANSCEIVE, id, Bytes.of(req), 0, Bytes.EMPTY, 4280,
        Ioctl.IS_FSCTL), ipc).status()).isEqualTo(NtStatus.PIPE_BUSY);
    // On a disk tree the control code has no pipe to act on.
    assertThat(call(h, new Ioctl.Request(Ioctl.FSCTL_PIPE_TRANSCEIVE, id, Bytes.of(req), 0, Bytes.EMPTY, 4280,
        Ioctl.IS_FSCTL), disk).status()).isEqualTo(NtStatus.NOT_SUPPORTED);
  }

  @Test
  void anOpenIsFoundOnlyThroughItsTreeAndABrokenPipeRefusesWrites() throws Exception {
    FileId id = open();
    TreeState other = new TreeState(99, "IPC$", null, 0, false);
    s.trees().put(99, other);
    assertThat(call(new PipeWriteHandler(), new ReadWrite.WriteRequest(0, id, 0, 0, Bytes.EMPTY, 0, Bytes.of(bind())),
        other).status()).isEqualTo(NtStatus.FILE_CLOSED);
    call(new PipeWriteHandler(), new ReadWrite.WriteRequest(0, id, 0, 0, Bytes.EMPTY, 0, Bytes.hex(
        "04000b0310000000100000000100000000")), ipc);
    assertThat(call(new PipeWriteHandler(), new ReadWrite.WriteRequest(0, id, 0, 0, Bytes.EMPTY, 0, Bytes.of(bind())),
        ipc).status()).isEqualTo(NtStatus.PIPE_DISCONNECTED);
  }

  @Test
  void routingByShareTypeSendsDiskRequestsElsewhere() throws Exception {
    List<String> seen = new ArrayList<>();
    ByShareType route = new ByShareType(r -> {
      seen.add("pipe");
      return SmbReply.error(NtStatus.ACCESS_DENIED, r.body());
    }, r -> {
      seen.add("disk");
      return SmbReply.error(NtStatus.ACCESS_DENIED, r.body());
    });
    call(route, create("x", 1), ipc);
    call(route, create("x", 1), disk);
    assertThat(seen).containsExactly("pipe", "disk");
  }
}
