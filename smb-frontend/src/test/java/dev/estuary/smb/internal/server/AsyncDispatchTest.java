package dev.estuary.smb.internal.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.estuary.core.RequestMetrics;
import dev.estuary.smb.internal.codec.Bytes;
import dev.estuary.smb.internal.codec.CodecLimits;
import dev.estuary.smb.internal.codec.Create;
import dev.estuary.smb.internal.codec.FileId;
import dev.estuary.smb.internal.codec.Info;
import dev.estuary.smb.internal.codec.Negotiate;
import dev.estuary.smb.internal.codec.NtStatus;
import dev.estuary.smb.internal.codec.ReadWrite;
import dev.estuary.smb.internal.codec.SimpleMessages;
import dev.estuary.smb.internal.codec.Smb2Header;
import dev.estuary.smb.internal.codec.SmbCommand;
import dev.estuary.smb.internal.codec.SmbMessage;
import dev.estuary.smb.internal.codec.SmbMessages;
import dev.estuary.smb.internal.rpc.RpcPdu;
import dev.estuary.smb.internal.rpc.SyntaxId;
import dev.estuary.smb.testing.RawClient;
import dev.estuary.smb.testing.SmbTestServer;
import io.netty.buffer.ByteBuf;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Async requests and CANCEL at the dispatcher ([MS-SMB2] 3.3.4.2, 3.3.5.16), driven through the one
 * command that waits today: a READ of an empty srvsvc pipe on IPC$. The sink stands in for the connection:
 * it queues completions and keeps the frames they send.
 */
class AsyncDispatchTest {
  private static SmbTestServer server;
  private Dispatcher dispatcher;
  private RawClient client;
  private final Queue<Runnable> tasks = new ArrayDeque<>();
  private final List<ByteBuf> sent = new ArrayList<>();
  private int tree;
  private FileId pipe;

  @BeforeAll
  static void start() throws Exception {
    server = new SmbTestServer();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @BeforeEach
  void connect() throws Exception {
    dispatcher = new Dispatcher(server.services(), new RequestMetrics(server.registry(), "smb"));
    dispatcher.attach(new Dispatcher.AsyncSink() {
      @Override
      public void execute(Runnable task) {
        tasks.add(task);
      }

      @Override
      public void send(ByteBuf frame) {
        sent.add(frame);
      }
    });
    client = new RawClient(dispatcher);
    client.negotiate(Negotiate.SMB_3_1_1);
    assertThat(client.authenticate(SmbTestServer.USER, SmbTestServer.PASSWORD).status()).isZero();
    tree = client.treeConnect("IPC$").header().treeId();
    RawClient.Reply c = client.call(client.header(SmbCommand.CREATE, tree),
        new Create.Request(0, 0, 2, 0, 0x0012019F, 0, 7, 1, 0, "srvsvc", List.of()), true);
    assertThat(c.status()).isZero();
    pipe = ((Create.Response) c.body()).fileId();
  }

  private void runTasks() {
    while (!tasks.isEmpty()) {
      tasks.poll().run();
    }
  }

  private RawClient.Reply pendingRead() throws Exception {
    RawClient.Reply r = client.call(client.header(SmbCommand.READ, tree),
        new ReadWrite.ReadRequest(0, 0, 4280, 0, pipe, 0, 0, 0, Bytes.EMPTY), true);
    assertThat(r.status()).isEqualTo(NtStatus.PENDING.code());
    return r;
  }

  /** Decodes a frame the sink got, checking its signature. */
  private SmbMessage finalResponse(ByteBuf frame, long asyncId, NtStatus status) throws Exception {
    List<SmbMessages.Raw> raws = SmbMessages.split(frame, 0, frame.readableBytes());
    assertThat(raws).hasSize(1);
    Smb2Header h = raws.get(0).header();
    assertThat(h.isAsync()).isTrue();
    assertThat(h.asyncId()).isEqualTo(asyncId);
    assertThat(h.status()).isEqualTo(status.code());
    assertThat(h.credits()).isZero();
    assertThat(h.isSigned()).isTrue();
    assertThat(client.signer().verify(frame, 0, frame.readableBytes())).isTrue();
    return SmbMessages.decodeResponse(frame, raws.get(0), CodecLimits.DEFAULT);
  }

  private ByteBuf bindWrite() {
    byte[] bind = new RpcPdu.Bind(1, false, 3, 4280, 4280, 0, List.of(new RpcPdu.Context(0, SyntaxId.SRVSVC,
        List.of(SyntaxId.NDR))), 0).encode();
    return client.frame(List.of(client.header(SmbCommand.WRITE, tree)), List.of(new ReadWrite.WriteRequest(0, pipe, 0,
        0, Bytes.EMPTY, 0, Bytes.of(bind))), true);
  }

  @Test
  void theInterimIsUnsignedWithAnAsyncIdAndCreditsAndTheFinalAnswerFollowsSigned() throws Exception {
    long before = client.nextMessageId();
    RawClient.Reply interim = pendingRead();
    assertThat(interim.header().isAsync()).isTrue();
    assertThat(interim.header().asyncId()).isNotZero();
    assertThat(interim.header().messageId()).isEqualTo(before);
    assertThat(interim.header().credits()).isPositive();
    assertThat(interim.header().isSigned()).isFalse();
    assertThat(dispatcher.asyncCount()).isEqualTo(1);
    runTasks();
    assertThat(sent).isEmpty();

    assertThat(client.send(bindWrite()).get(0).status()).isZero();
    runTasks();
    assertThat(sent).hasSize(1);
    ReadWrite.ReadResponse read = (ReadWrite.ReadResponse) finalResponse(sent.get(0), interim.header().asyncId(),
        NtStatus.SUCCESS);
    assertThat(read.data().get(2)).isEqualTo((byte) RpcPdu.BIND_ACK);
    assertThat(dispatcher.asyncCount()).isZero();
  }

  @Test
  void theLastRequestOfACompoundGoesAsyncWithAnUnsignedInterimAmongSignedResponses() throws Exception {
    Smb2Header echo = client.header(SmbCommand.ECHO, 0);
    Smb2Header read = client.header(SmbCommand.READ, tree);
    List<RawClient.Reply> r = client.send(client.frame(List.of(echo, read), List.of(
        new SimpleMessages.Empty(SmbCommand.ECHO),
        new ReadWrite.ReadRequest(0, 0, 4280, 0, pipe, 0, 0, 0, Bytes.EMPTY)), true));
    assertThat(r).hasSize(2);
    assertThat(r.get(0).status()).isZero();
    assertThat(r.get(0).header().isSigned()).isTrue();
    assertThat(r.get(1).status()).isEqualTo(NtStatus.PENDING.code());
    assertThat(r.get(1).header().isAsync()).isTrue();
    assertThat(r.get(1).header().isSigned()).isFalse();
    ByteBuf out = client.lastResponse();
    SmbMessages.Raw first = SmbMessages.split(out, 0, out.readableBytes()).get(0);
    assertThat(client.signer().verify(out, first.offset(), first.length())).isTrue();
    assertThat(dispatcher.asyncCount()).isEqualTo(1);
  }

  /**
   * smbtorture smb2.compound.interim2: a request in the middle of a compound that would go async is failed
   * with STATUS_INTERNAL_ERROR (Windows and Samba), its work never starts, and the requests after it, even
   * related ones, are served.
   */
  @Test
  void aRequestInTheMiddleOfACompoundThatWouldGoAsyncFailsWithInternalError() throws Exception {
    Smb2Header read = client.header(SmbCommand.READ, tree);
    Smb2Header echo = client.header(SmbCommand.ECHO, 0);
    List<RawClient.Reply> r = client.send(client.frame(List.of(read, echo), List.of(
        new ReadWrite.ReadRequest(0, 0, 4280, 0, pipe, 0, 0, 0, Bytes.EMPTY),
        new SimpleMessages.Empty(SmbCommand.ECHO)), true));
    assertThat(r).hasSize(2);
    assertThat(r.get(0).status()).isEqualTo(NtStatus.INTERNAL_ERROR.code());
    assertThat(r.get(0).header().isAsync()).isFalse();
    assertThat(r.get(1).status()).isZero();
    assertThat(dispatcher.asyncCount()).isZero();
    // A related request after it still runs: the pipe read of the next request finds the same open.
    Smb2Header read1 = client.header(SmbCommand.READ, tree);
    Smb2Header query = client.header(SmbCommand.QUERY_INFO, tree);
    Smb2Header related = new Smb2Header(query.creditCharge(), 0, query.command(), query.credits(),
        Smb2Header.FLAG_RELATED, 0, query.messageId(), 0, 0, query.treeId(), query.sessionId(), Bytes.zeros(16));
    List<RawClient.Reply> r2 = client.send(client.frame(List.of(read1, related), List.of(
        new ReadWrite.ReadRequest(0, 0, 4280, 0, pipe, 0, 0, 0, Bytes.EMPTY),
        new Info.QueryRequest(Info.INFO_FILE, 5, 24, Bytes.EMPTY, 0, 0, FileId.RELATED)), true));
    assertThat(r2.get(0).status()).isEqualTo(NtStatus.INTERNAL_ERROR.code());
    assertThat(r2.get(1).status()).as("not failed like the previous request").isNotEqualTo(
        NtStatus.INTERNAL_ERROR.code());
  }

  @Test
  void cancelByAsyncIdAnswersTheRequestCancelledAndGetsNoResponseItself() throws Exception {
    RawClient.Reply interim = pendingRead();
    Smb2Header cancel = new Smb2Header(0, 0, SmbCommand.CANCEL.code(), 0, Smb2Header.FLAG_ASYNC, 0, 0,
        interim.header().asyncId(), 0, 0, client.sessionId(), Bytes.zeros(16));
    assertThat(client.send(client.frame(List.of(cancel), List.of(new SimpleMessages.Empty(SmbCommand.CANCEL)),
        true))).isEmpty();
    assertThat(sent).hasSize(1);
    finalResponse(sent.get(0), interim.header().asyncId(), NtStatus.CANCELLED);
    // The cancelled read no longer takes the pipe's answer: a later write leaves it for the next read.
    client.send(bindWrite());
    runTasks();
    assertThat(sent).hasSize(1);
    RawClient.Reply read = client.call(client.header(SmbCommand.READ, tree),
        new ReadWrite.ReadRequest(0, 0, 4280, 0, pipe, 0, 0, 0, Bytes.EMPTY), true);
    assertThat(read.status()).isZero();
  }

  @Test
  void cancelByMessageIdFindsTheRequestToo() throws Exception {
    RawClient.Reply interim = pendingRead();
    Smb2Header cancel = new Smb2Header(0, 0, SmbCommand.CANCEL.code(), 0, 0, 0, interim.header().messageId(), 0, 0,
        tree, client.sessionId(), Bytes.zeros(16));
    client.send(client.frame(List.of(cancel), List.of(new SimpleMessages.Empty(SmbCommand.CANCEL)), true));
    assertThat(sent).hasSize(1);
    finalResponse(sent.get(0), interim.header().asyncId(), NtStatus.CANCELLED);
  }

  @Test
  void anUnsignedOrForeignCancelIsIgnored() throws Exception {
    RawClient.Reply interim = pendingRead();
    Smb2Header unsigned = new Smb2Header(0, 0, SmbCommand.CANCEL.code(), 0, Smb2Header.FLAG_ASYNC, 0, 0,
        interim.header().asyncId(), 0, 0, client.sessionId(), Bytes.zeros(16));
    client.send(client.frame(List.of(unsigned), List.of(new SimpleMessages.Empty(SmbCommand.CANCEL)), false));
    Smb2Header otherSession = new Smb2Header(0, 0, SmbCommand.CANCEL.code(), 0, Smb2Header.FLAG_ASYNC, 0, 0,
        interim.header().asyncId(), 0, 0, client.sessionId() + 1, Bytes.zeros(16));
    client.send(client.frame(List.of(otherSession), List.of(new SimpleMessages.Empty(SmbCommand.CANCEL)), true));
    assertThat(sent).isEmpty();
    assertThat(dispatcher.asyncCount()).isEqualTo(1);
  }

  @Test
  void closingTheConnectionStopsTheWaitingWork() throws Exception {
    pendingRead();
    dispatcher.close();
    assertThat(dispatcher.asyncCount()).isZero();
    client.send(bindWrite());
    runTasks();
    assertThat(sent).isEmpty();
  }
}
