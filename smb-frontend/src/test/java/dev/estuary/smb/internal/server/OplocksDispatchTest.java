package dev.estuary.smb.internal.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.estuary.core.RequestMetrics;
import dev.estuary.dfs.DfsException;
import dev.estuary.dfs.ErrorKind;
import dev.estuary.dfs.LockSession;
import dev.estuary.dfs.ObjectId;
import dev.estuary.dfs.ShareAccess;
import dev.estuary.dfs.Volume;
import dev.estuary.smb.internal.codec.Bytes;
import dev.estuary.smb.internal.codec.CodecLimits;
import dev.estuary.smb.internal.codec.Create;
import dev.estuary.smb.internal.codec.CreateContext;
import dev.estuary.smb.internal.codec.FileId;
import dev.estuary.smb.internal.codec.FileOps;
import dev.estuary.smb.internal.codec.Fscc;
import dev.estuary.smb.internal.codec.Info;
import dev.estuary.smb.internal.codec.Negotiate;
import dev.estuary.smb.internal.codec.NtStatus;
import dev.estuary.smb.internal.codec.OplockBreak;
import dev.estuary.smb.internal.codec.ReadWrite;
import dev.estuary.smb.internal.codec.Smb2Header;
import dev.estuary.smb.internal.codec.SmbCommand;
import dev.estuary.smb.internal.codec.SmbMessage;
import dev.estuary.smb.internal.codec.SmbMessages;
import dev.estuary.smb.internal.state.Oplocks;
import dev.estuary.smb.testing.RawClient;
import dev.estuary.smb.testing.SmbTestServer;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Oplocks, leases and durable handles end to end at the dispatcher ([MS-SMB2] 3.3.5.9.6-12, 3.3.4.6,
 * 3.3.4.7, 3.3.5.22, 3.3.7.1): two connections (each a {@link Dispatcher} with a sink that queues its serial
 * tasks and keeps the frames it sends), a break notification on the holder's connection, the conflicting
 * CREATE held async until the acknowledgment or the timeout, and a durable open surviving its connection.
 * Break timeouts and durable expiry run on a manual scheduler: nothing sleeps.
 */
class OplocksDispatchTest {
  private static final int BATCH = Oplocks.LEVEL_BATCH;
  private static final int LEASE = Oplocks.LEVEL_LEASE;
  private static final int RWH = Oplocks.R | Oplocks.W | Oplocks.H;
  private static final int READ_WRITE = 0x0012019F;
  private static final int SHARE_ALL = 7;

  private static final List<Runnable> timers = new ArrayList<>();
  private static SmbTestServer server;

  @BeforeAll
  static void start() throws Exception {
    Oplocks.Scheduler manual = (delay, task) -> {
      timers.add(task);
      return () -> timers.remove(task);
    };
    server = new SmbTestServer(new Oplocks(manual, Duration.ofSeconds(35)));
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  /** One connection: its dispatcher, its client, its serial tasks and the frames it sent unasked. */
  private static final class Conn {
    final Dispatcher dispatcher = new Dispatcher(server.services(), new RequestMetrics(server.registry(), "smb"));
    final RawClient client = new RawClient(dispatcher);
    final Queue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    final List<ByteBuf> sent = new ArrayList<>();
    final int tree;

    Conn(Bytes clientGuid) throws Exception {
      this(clientGuid, 0);
    }

    Conn(Bytes clientGuid, long previousSessionId) throws Exception {
      dispatcher.attach(new Dispatcher.AsyncSink() {
        @Override
        public void execute(Runnable task) {
          tasks.add(task);
          synchronized (Conn.this) {
            Conn.this.notifyAll();
          }
        }

        @Override
        public void send(ByteBuf frame) {
          sent.add(frame);
        }
      });
      client.clientGuid(clientGuid);
      client.previousSessionId(previousSessionId);
      client.negotiate(Negotiate.SMB_3_1_1);
      assertThat(client.authenticate(SmbTestServer.USER, SmbTestServer.PASSWORD).status()).isZero();
      tree = client.treeConnect(SmbTestServer.VOLUME).header().treeId();
    }

    void run() {
      Runnable r;
      while ((r = tasks.poll()) != null) {
        r.run();
      }
    }

    /** Waits (notified by the sink, bounded) for a task that another thread hands to this connection. */
    void awaitTask() throws InterruptedException {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
      synchronized (this) {
        while (tasks.isEmpty() && System.nanoTime() < deadline) {
          wait(TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()) + 1);
        }
      }
      assertThat(tasks).as("a task handed to the connection").isNotEmpty();
    }

    RawClient.Reply create(String name, int oplock, int disposition, List<CreateContext> contexts) throws Exception {
      return client.call(client.header(SmbCommand.CREATE, tree), new Create.Request(0, oplock, 2, 0, READ_WRITE, 0,
          SHARE_ALL, disposition, 0, name, contexts), true);
    }

    RawClient.Reply send(SmbCommand cmd, SmbMessage body) throws Exception {
      return client.call(client.header(cmd, tree), body, true);
    }

    /** The unsolicited and async frames sent since the last call, decoded. */
    List<RawClient.Reply> drained() throws Exception {
      List<RawClient.Reply> out = new ArrayList<>();
      for (ByteBuf f : sent) {
        for (SmbMessages.Raw raw : SmbMessages.split(f, 0, f.readableBytes())) {
          out.add(new RawClient.Reply(raw.header(), SmbMessages.decodeResponse(f, raw, CodecLimits.DEFAULT)));
        }
      }
      sent.clear();
      return out;
    }
  }

  private static Bytes guid() {
    UUID u = UUID.randomUUID();
    ByteBuf b = Unpooled.buffer(16);
    b.writeLong(u.getMostSignificantBits());
    b.writeLong(u.getLeastSignificantBits());
    return Bytes.of(b.array());
  }

  private static CreateContext leaseV2(Bytes key, int state, int epoch) {
    ByteBuf b = Unpooled.buffer(52);
    key.writeTo(b);
    b.writeIntLE(state);
    b.writeIntLE(0);
    b.writeLongLE(0);
    b.writeZero(16);
    b.writeShortLE(epoch);
    b.writeShortLE(0);
    return CreateContext.of(CreateContext.RQLS, Bytes.of(b.array()));
  }

  private static CreateContext dh2q(Bytes createGuid, int timeoutMs) {
    ByteBuf b = Unpooled.buffer(32);
    b.writeIntLE(timeoutMs);
    b.writeIntLE(0);
    b.writeLongLE(0);
    createGuid.writeTo(b);
    return CreateContext.of(CreateContext.DH2Q, Bytes.of(b.array()));
  }

  private static CreateContext dh2c(FileId id, Bytes createGuid) {
    ByteBuf b = Unpooled.buffer(36);
    b.writeLongLE(id.persistent());
    b.writeLongLE(id.volatileId());
    createGuid.writeTo(b);
    b.writeIntLE(0);
    return CreateContext.of(CreateContext.DH2C, Bytes.of(b.array()));
  }

  private static CreateContext dhnc(FileId id) {
    ByteBuf b = Unpooled.buffer(16);
    id.encode(b);
    return CreateContext.of(CreateContext.DHNC, Bytes.of(b.array()));
  }

  private static Create.Response created(RawClient.Reply r) {
    assertThat(r.status()).isZero();
    return (Create.Response) r.body();
  }

  private static ByteBuf context(Create.Response r, String tag) {
    for (CreateContext c : r.contexts()) {
      if (c.is(tag)) {
        return Unpooled.wrappedBuffer(c.data().toArray()).order(java.nio.ByteOrder.LITTLE_ENDIAN);
      }
    }
    throw new AssertionError("no " + tag + " context in " + r.contexts());
  }

  private static String name(String base) {
    return base + "-" + UUID.randomUUID() + ".txt";
  }

  @Test
  void aCreateInTheMiddleOfACompoundWaitsForItsBreakAndTheRestOfTheCompoundFollows() throws Exception {
    // The Linux cifs client's setxattr, rename and delete: CREATE + SET_INFO/QUERY_INFO + CLOSE in one
    // related compound, on the connection whose own (deferred-close) handle holds the caching that must
    // break first. The CREATE goes async; the related requests run once it has its answer (3.3.5.2.7).
    Conn a = new Conn(guid());
    String f = name("chain");
    Create.Response held = created(a.create(f, BATCH, 3, List.of()));
    assertThat(held.oplockLevel()).isEqualTo(BATCH);
    Create.Request open = new Create.Request(0, Oplocks.LEVEL_NONE, 2, 0, READ_WRITE, 0, SHARE_ALL, 1, 0, f,
        List.of());
    List<RawClient.Reply> interim = a.client.send(a.client.frame(List.of(a.client.header(SmbCommand.CREATE, a.tree),
        a.client.header(SmbCommand.QUERY_INFO, a.tree).withFlags(Smb2Header.FLAG_RELATED),
        a.client.header(SmbCommand.CLOSE, a.tree).withFlags(Smb2Header.FLAG_RELATED)),
        List.of(open, new Info.QueryRequest(Info.INFO_FILE, Fscc.FILE_STANDARD_INFORMATION, 24, Bytes.EMPTY, 0, 0,
            FileId.RELATED), new FileOps.CloseRequest(0, FileId.RELATED)), true));
    assertThat(interim).extracting(RawClient.Reply::status).containsExactly(NtStatus.PENDING.code());
    a.run();
    List<RawClient.Reply> notes = a.drained();
    assertThat(notes).hasSize(1);
    assertThat(((OplockBreak.Oplock) notes.get(0).body()).fileId()).isEqualTo(held.fileId());

    RawClient.Reply ack = a.send(SmbCommand.OPLOCK_BREAK, new OplockBreak.Oplock(Oplocks.LEVEL_II, held.fileId()));
    assertThat(ack.status()).isZero();
    a.run();
    List<RawClient.Reply> rest = a.drained();
    assertThat(rest).extracting(r -> SmbCommand.of(r.header().command()))
        .containsExactly(SmbCommand.CREATE, SmbCommand.QUERY_INFO, SmbCommand.CLOSE);
    assertThat(rest).extracting(RawClient.Reply::status).containsExactly(0, 0, 0);
    assertThat(rest.get(0).header().asyncId()).isEqualTo(interim.get(0).header().asyncId());
    // The CLOSE closed the compound's open: only the first open is left, and it closes.
    assertThat(a.send(SmbCommand.CLOSE, new FileOps.CloseRequest(0, held.fileId())).status()).isZero();
  }

  @Test
  void aBatchOplockBreaksToLevelTwoAndTheSecondOpenWaitsForTheAcknowledgment() throws Exception {
    Conn a = new Conn(guid());
    Conn b = new Conn(guid());
    String f = name("batch");
    Create.Response first = created(a.create(f, BATCH, 3, List.of()));
    assertThat(first.oplockLevel()).isEqualTo(BATCH);

    RawClient.Reply interim = b.create(f, BATCH, 1, List.of());
    assertThat(interim.status()).isEqualTo(NtStatus.PENDING.code());
    assertThat(interim.header().isAsync()).isTrue();
    a.run();
    List<RawClient.Reply> notes = a.drained();
    assertThat(notes).hasSize(1);
    Smb2Header h = notes.get(0).header();
    assertThat(h.messageId()).isEqualTo(-1L);
    assertThat(h.command()).isEqualTo(SmbCommand.OPLOCK_BREAK.code());
    assertThat(h.sessionId()).isZero();
    OplockBreak.Oplock note = (OplockBreak.Oplock) notes.get(0).body();
    assertThat(note.oplockLevel()).isEqualTo(Oplocks.LEVEL_II);
    assertThat(note.fileId()).isEqualTo(first.fileId());
    b.run();
    assertThat(b.drained()).isEmpty();

    RawClient.Reply ack = a.send(SmbCommand.OPLOCK_BREAK, new OplockBreak.Oplock(Oplocks.LEVEL_II, first.fileId()));
    assertThat(ack.status()).isZero();
    assertThat(((OplockBreak.Oplock) ack.body()).oplockLevel()).isEqualTo(Oplocks.LEVEL_II);
    b.run();
    List<RawClient.Reply> fin = b.drained();
    assertThat(fin).hasSize(1);
    assertThat(fin.get(0).header().asyncId()).isEqualTo(interim.header().asyncId());
    Create.Response second = created(fin.get(0));
    assertThat(second.oplockLevel()).isEqualTo(Oplocks.LEVEL_II);

    // A write through the second open breaks the first one's level II to none, with no acknowledgment.
    assertThat(b.send(SmbCommand.WRITE, new ReadWrite.WriteRequest(0, second.fileId(), 0, 0, Bytes.EMPTY, 0,
        Bytes.of("x".getBytes(StandardCharsets.UTF_8)))).status()).isZero();
    a.run();
    List<RawClient.Reply> none = a.drained();
    assertThat(none).hasSize(1);
    assertThat(((OplockBreak.Oplock) none.get(0).body()).oplockLevel()).isEqualTo(Oplocks.LEVEL_NONE);
    // Nothing is breaking now: an acknowledgment is a protocol error, never NOT_IMPLEMENTED.
    assertThat(a.send(SmbCommand.OPLOCK_BREAK, new OplockBreak.Oplock(Oplocks.LEVEL_NONE, first.fileId())).status())
        .isEqualTo(NtStatus.INVALID_OPLOCK_PROTOCOL.code());
  }

  @Test
  void anUnacknowledgedBreakTimesOutAndTheWaitingOpenGoesOn() throws Exception {
    Conn a = new Conn(guid());
    Conn b = new Conn(guid());
    String f = name("timeout");
    created(a.create(f, BATCH, 3, List.of()));
    RawClient.Reply interim = b.create(f, Oplocks.LEVEL_II, 1, List.of());
    assertThat(interim.status()).isEqualTo(NtStatus.PENDING.code());
    a.run();
    assertThat(a.drained()).hasSize(1);
    b.run();
    assertThat(b.drained()).isEmpty();
    assertThat(timers).isNotEmpty();
    List.copyOf(timers).forEach(Runnable::run);
    timers.clear();
    b.run();
    List<RawClient.Reply> fin = b.drained();
    assertThat(fin).hasSize(1);
    assertThat(created(fin.get(0)).oplockLevel()).isEqualTo(Oplocks.LEVEL_II);
  }

  @Test
  void aWriteCachingLeaseLosesWriteCachingForAnotherClientAndTheAckMustStayWithinTheTarget() throws Exception {
    Conn a = new Conn(guid());
    Conn b = new Conn(guid());
    String f = name("lease");
    Bytes key1 = guid();
    Create.Response first = created(a.create(f, LEASE, 3, List.of(leaseV2(key1, RWH, 4))));
    assertThat(first.oplockLevel()).isEqualTo(LEASE);
    ByteBuf granted = context(first, CreateContext.RQLS);
    assertThat(granted.readableBytes()).isEqualTo(52);
    assertThat(granted.getIntLE(16)).isEqualTo(RWH);
    assertThat(granted.getShortLE(48)).isEqualTo((short) 5);
    // A second open with the same lease key from the same client shares the lease and breaks nothing.
    assertThat(created(a.create(f, LEASE, 1, List.of(leaseV2(key1, RWH, 4)))).oplockLevel()).isEqualTo(LEASE);
    a.run();
    assertThat(a.drained()).isEmpty();
    // No break in progress: the acknowledgment is STATUS_UNSUCCESSFUL.
    assertThat(a.send(SmbCommand.OPLOCK_BREAK, new OplockBreak.LeaseAck(0, key1, Oplocks.R)).status())
        .isEqualTo(NtStatus.UNSUCCESSFUL.code());

    Bytes key2 = guid();
    RawClient.Reply interim = b.create(f, LEASE, 1, List.of(leaseV2(key2, RWH, 0)));
    assertThat(interim.status()).isEqualTo(NtStatus.PENDING.code());
    a.run();
    List<RawClient.Reply> notes = a.drained();
    assertThat(notes).hasSize(1);
    OplockBreak.LeaseNotification n = (OplockBreak.LeaseNotification) notes.get(0).body();
    assertThat(n.leaseKey()).isEqualTo(key1);
    assertThat(n.currentLeaseState()).isEqualTo(RWH);
    assertThat(n.newLeaseState()).isEqualTo(Oplocks.R | Oplocks.H);
    assertThat(n.flags()).isEqualTo(Oplocks.BREAK_ACK_REQUIRED);
    assertThat(n.newEpoch()).isEqualTo(6);

    assertThat(a.send(SmbCommand.OPLOCK_BREAK, new OplockBreak.LeaseAck(0, key1, RWH)).status())
        .isEqualTo(NtStatus.REQUEST_NOT_ACCEPTED.code());
    RawClient.Reply ack = a.send(SmbCommand.OPLOCK_BREAK, new OplockBreak.LeaseAck(0, key1, Oplocks.R | Oplocks.H));
    assertThat(ack.status()).isZero();
    assertThat(((OplockBreak.LeaseAck) ack.body()).leaseState()).isEqualTo(Oplocks.R | Oplocks.H);
    b.run();
    List<RawClient.Reply> fin = b.drained();
    assertThat(fin).hasSize(1);
    Create.Response second = created(fin.get(0));
    assertThat(context(second, CreateContext.RQLS).getIntLE(16)).isEqualTo(Oplocks.R | Oplocks.H);
  }

  @Test
  void aDurableOpenSurvivesItsConnectionAndAReconnectOnANewConnectionGetsItBack() throws Exception {
    Bytes clientGuid = guid();
    Conn a = new Conn(clientGuid);
    String f = name("durable");
    Bytes key = guid();
    Bytes createGuid = guid();
    Create.Response first = created(a.create(f, LEASE, 3, List.of(leaseV2(key, RWH, 0), dh2q(createGuid, 0))));
    ByteBuf dur = context(first, CreateContext.DH2Q);
    assertThat(dur.getIntLE(0)).isEqualTo(60_000);
    assertThat(a.send(SmbCommand.WRITE, new ReadWrite.WriteRequest(0, first.fileId(), 0, 0, Bytes.EMPTY, 0,
        Bytes.of("kept".getBytes(StandardCharsets.UTF_8)))).status()).isZero();
    a.dispatcher.close();
    assertThat(server.services().oplocks().durables().size()).isEqualTo(1);

    // The share reservation survived with the open: a reservation that denies reading conflicts with it.
    Volume v = server.services().dfs().volume(SmbTestServer.VOLUME);
    ObjectId id = v.lookup(v.root(), f).id();
    try (LockSession nfs = v.openSession("test")) {
      assertThatThrownBy(() -> nfs.reserve(id, EnumSet.of(ShareAccess.READ), EnumSet.allOf(ShareAccess.class)))
          .isInstanceOfSatisfying(DfsException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.SHARING_VIOLATION));
    }

    Conn b = new Conn(clientGuid);
    // The wrong CreateGuid finds nothing.
    assertThat(b.create(f, LEASE, 1, List.of(leaseV2(key, RWH, 0), dh2c(first.fileId(), guid()))).status())
        .isEqualTo(NtStatus.OBJECT_NAME_NOT_FOUND.code());
    // The reconnect names its lease whatever the OplockLevel says (clients send 0 there).
    Create.Response back = created(b.create(f, Oplocks.LEVEL_NONE, 1, List.of(leaseV2(key, 0, 0),
        dh2c(first.fileId(), createGuid))));
    assertThat(back.fileId()).isEqualTo(first.fileId());
    assertThat(context(back, CreateContext.RQLS).getIntLE(16)).isEqualTo(RWH);
    assertThat(server.services().oplocks().durables().size()).isZero();
    RawClient.Reply read = b.send(SmbCommand.READ, new ReadWrite.ReadRequest(0, 0, 4, 0, back.fileId(), 0, 0, 0,
        Bytes.EMPTY));
    assertThat(read.status()).isZero();
    assertThat(new String(((ReadWrite.ReadResponse) read.body()).data().toArray(), StandardCharsets.UTF_8))
        .isEqualTo("kept");
    assertThat(b.send(SmbCommand.CLOSE, new FileOps.CloseRequest(0, back.fileId())).status()).isZero();
  }

  @Test
  void aDurableOpenNotReconnectedInTimeIsScavengedAndReleasesTheFile() throws Exception {
    Conn a = new Conn(guid());
    String f = name("scavenged");
    timers.clear();
    Create.Response first = created(a.create(f, BATCH, 3, List.of(CreateContext.of(CreateContext.DHNQ,
        Bytes.zeros(16)))));
    context(first, CreateContext.DHNQ);
    a.dispatcher.close();
    assertThat(server.services().oplocks().durables().size()).isEqualTo(1);
    assertThat(timers).hasSize(1);
    timers.removeFirst().run();
    assertThat(server.services().oplocks().durables().size()).isZero();
    Conn b = new Conn(guid());
    assertThat(b.client.call(b.client.header(SmbCommand.CREATE, b.tree), new Create.Request(0, 0, 2, 0,
        READ_WRITE, 0, 0, 1, 0, f, List.of()), true).status()).isZero();
    assertThat(b.create(f, BATCH, 1, List.of(dhnc(first.fileId())))
        .status()).isEqualTo(NtStatus.OBJECT_NAME_NOT_FOUND.code());
  }

  @Test
  void aConflictingOpenPurgesADisconnectedDurableOpenInsteadOfWaiting() throws Exception {
    Conn a = new Conn(guid());
    String f = name("purged");
    created(a.create(f, BATCH, 3, List.of(CreateContext.of(CreateContext.DHNQ, Bytes.zeros(16)))));
    a.dispatcher.close();
    assertThat(server.services().oplocks().durables().size()).isEqualTo(1);
    Conn b = new Conn(guid());
    Create.Response r = created(b.create(f, BATCH, 1, List.of()));
    assertThat(r.oplockLevel()).isEqualTo(BATCH);
    assertThat(server.services().oplocks().durables().size()).isZero();
  }

  @Test
  void aChangeByAnotherProtocolBreaksTheLeaseAndTheHoldersOwnWritesDoNot() throws Exception {
    Conn a = new Conn(guid());
    String f = name("foreign");
    Bytes key = guid();
    Create.Response first = created(a.create(f, LEASE, 3, List.of(leaseV2(key, RWH, 0))));
    // The holder's own writes and truncation break nothing.
    assertThat(a.send(SmbCommand.WRITE, new ReadWrite.WriteRequest(0, first.fileId(), 0, 0, Bytes.EMPTY, 0,
        Bytes.of("smb".getBytes(StandardCharsets.UTF_8)))).status()).isZero();

    // A write through the backend, as the NFS and S3 frontends make it.
    Volume v = server.services().dfs().volume(SmbTestServer.VOLUME);
    ObjectId id = v.lookup(v.root(), f).id();
    try (var h = v.open(id, dev.estuary.dfs.OpenMode.WRITE)) {
      h.write(0, java.nio.ByteBuffer.wrap("nfs".getBytes(StandardCharsets.UTF_8)));
    }
    a.awaitTask();
    a.run();
    List<RawClient.Reply> notes = a.drained();
    assertThat(notes).hasSize(1);
    OplockBreak.LeaseNotification n = (OplockBreak.LeaseNotification) notes.get(0).body();
    assertThat(n.leaseKey()).isEqualTo(key);
    assertThat(n.currentLeaseState()).isEqualTo(RWH);
    assertThat(n.newLeaseState()).isZero();
    assertThat(n.flags()).isEqualTo(Oplocks.BREAK_ACK_REQUIRED);
    assertThat(a.send(SmbCommand.OPLOCK_BREAK, new OplockBreak.LeaseAck(0, key, 0)).status()).isZero();
    // Only the foreign write broke it: the SMB write before it was recognised as the holder's own.
    assertThat(a.drained()).isEmpty();
  }

  @Test
  void aSessionReconnectEndsThePreviousSessionAndItsDurableOpenComesBack() throws Exception {
    Bytes clientGuid = guid();
    Conn a = new Conn(clientGuid);
    String f = name("takeover");
    Create.Response first = created(a.create(f, BATCH, 3, List.of(CreateContext.of(CreateContext.DHNQ,
        Bytes.zeros(16)))));
    Conn b = new Conn(clientGuid, a.client.sessionId());
    a.run();
    RawClient.Reply old = a.send(SmbCommand.READ, new ReadWrite.ReadRequest(0, 0, 1, 0, first.fileId(), 0, 0, 0,
        Bytes.EMPTY));
    assertThat(old.status()).isEqualTo(NtStatus.USER_SESSION_DELETED.code());
    // Signed with the old session's key, so the client can trust it.
    assertThat(old.header().isSigned()).isTrue();
    ByteBuf raw = a.client.lastResponse();
    assertThat(a.client.signer().verify(raw, 0, raw.readableBytes())).isTrue();
    assertThat(server.services().oplocks().durables().size()).isEqualTo(1);
    Create.Response back = created(b.create(f, BATCH, 1, List.of(dhnc(first.fileId()))));
    assertThat(back.oplockLevel()).isEqualTo(BATCH);
  }

  @Test
  void anAllocationThroughAnotherOpenBreaksLevelTwo() throws Exception {
    Conn a = new Conn(guid());
    Conn b = new Conn(guid());
    String f = name("alloc");
    Create.Response first = created(a.create(f, Oplocks.LEVEL_II, 3, List.of()));
    assertThat(first.oplockLevel()).isEqualTo(Oplocks.LEVEL_II);
    Create.Response second = created(b.create(f, Oplocks.LEVEL_NONE, 1, List.of()));
    a.run();
    assertThat(a.drained()).isEmpty();
    ByteBuf size = Unpooled.buffer(8).writeLongLE(1 << 20);
    assertThat(b.send(SmbCommand.SET_INFO, new Info.SetRequest(Info.INFO_FILE, Fscc.FILE_ALLOCATION_INFORMATION, 0,
        second.fileId(), Bytes.of(size.array()))).status()).isZero();
    a.run();
    List<RawClient.Reply> notes = a.drained();
    assertThat(notes).hasSize(1);
    assertThat(((OplockBreak.Oplock) notes.get(0).body()).oplockLevel()).isEqualTo(Oplocks.LEVEL_NONE);
  }
}
