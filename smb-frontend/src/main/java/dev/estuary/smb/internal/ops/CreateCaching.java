package dev.estuary.smb.internal.ops;

import dev.estuary.dfs.CaseFolding;
import dev.estuary.dfs.DfsException;
import dev.estuary.smb.internal.auth.AuthException;
import dev.estuary.smb.internal.codec.Bytes;
import dev.estuary.smb.internal.codec.Create;
import dev.estuary.smb.internal.codec.CreateContext;
import dev.estuary.smb.internal.codec.FileId;
import dev.estuary.smb.internal.codec.Negotiate;
import dev.estuary.smb.internal.codec.NtStatus;
import dev.estuary.smb.internal.codec.SmbDecodeException;
import dev.estuary.smb.internal.state.ConnectionState;
import dev.estuary.smb.internal.state.Open;
import dev.estuary.smb.internal.state.OpenCaching;
import dev.estuary.smb.internal.state.Oplocks;
import dev.estuary.smb.internal.state.SessionState;
import dev.estuary.smb.internal.state.TreeState;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import dev.estuary.dfs.WatchScope;
import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.List;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The oplock, lease and durable handle part of CREATE ([MS-SMB2] 3.3.5.9.6 to 3.3.5.9.12), kept apart from
 * {@link CreateHandler}'s object rules: which caching contexts a request carries, what the open is granted,
 * the response contexts, the wait for breaks a conflicting open causes, and the reconnect of a durable open.
 */
final class CreateCaching {
  private static final Logger log = LoggerFactory.getLogger(CreateCaching.class);

  /** The durable timeout when the client leaves it to the server (DHnQ, or DH2Q with Timeout 0): 60 s as Windows and Samba. */
  static final Duration DEFAULT_DURABLE_TIMEOUT = Duration.ofSeconds(60);
  /** The longest durable timeout granted (Samba's cap: 5 min), so a lost client cannot hold files for long. */
  static final Duration MAX_DURABLE_TIMEOUT = Duration.ofMinutes(5);

  private CreateCaching() {}

  /**
   * The caching contexts of a CREATE.
   *
   * @param oplockLevel RequestedOplockLevel
   * @param lease the lease request, when RequestedOplockLevel is LEASE and the dialect has leases
   * @param durableV1 whether DHnQ asks for a durable handle
   * @param durableV2 the DH2Q request (3.x), or null
   * @param reconnectV1 the DHnC FileId, or null
   * @param reconnectV2 the DH2C request (3.x), or null
   */
  record Requested(int oplockLevel, Oplocks.@Nullable LeaseRequest lease, boolean durableV1,
      CreateContext.@Nullable DurableV2Request durableV2, @Nullable FileId reconnectV1,
      CreateContext.@Nullable DurableV2Reconnect reconnectV2) {
    boolean reconnect() {
      return reconnectV1 != null || reconnectV2 != null;
    }
  }

  /**
   * Reads the caching contexts (3.3.5.9: each is decoded and its length checked). A lease asked for with
   * an OplockLevel other than LEASE (outside a reconnect), or on 2.0.2, is ignored (3.3.5.9.8); DH2Q and DH2C are 3.x contexts;
   * asking for a v1 and a v2 durable handle at once, or reconnecting while asking for one, is
   * STATUS_INVALID_PARAMETER (3.3.5.9.6, 3.3.5.9.10).
   */
  static Requested parse(SmbRequest request, Create.Request c) throws SmbDecodeException {
    ConnectionState.Negotiated n = request.connection().negotiated();
    int dialect = n == null ? Negotiate.SMB_2_0_2 : n.dialect();
    Bytes clientGuid = n == null ? Bytes.zeros(16) : n.clientGuid();
    Oplocks.LeaseRequest lease = null;
    boolean v1 = false;
    CreateContext.DurableV2Request v2 = null;
    FileId r1 = null;
    CreateContext.DurableV2Reconnect r2 = null;
    for (CreateContext ctx : c.contexts()) {
      if (ctx.is(CreateContext.RQLS)) {
        CreateContext.Lease l = ctx.lease();
        if (dialect >= Negotiate.SMB_2_1) {
          int version = l.version() == 2 && dialect >= Negotiate.SMB_3_0 ? 2 : 1;
          lease = new Oplocks.LeaseRequest(clientGuid, l.leaseKey(), l.leaseState(), version,
              version == 2 ? l.parentLeaseKey() : Bytes.zeros(16),
              version == 2 && (l.flags() & Oplocks.LEASE_FLAG_PARENT_LEASE_KEY_SET) != 0, version == 2 ? l.epoch() : 0);
        }
      } else if (ctx.is(CreateContext.DHNQ)) {
        if (ctx.data().length() != 16) {
          throw new SmbDecodeException("DHnQ data: " + ctx.data().length() + " bytes (expected: 16)");
        }
        v1 = true;
      } else if (ctx.is(CreateContext.DH2Q)) {
        CreateContext.DurableV2Request q = ctx.durableV2Request();
        if (dialect >= Negotiate.SMB_3_0) {
          v2 = q;
        }
      } else if (ctx.is(CreateContext.DHNC)) {
        r1 = ctx.durableReconnect();
      } else if (ctx.is(CreateContext.DH2C)) {
        CreateContext.DurableV2Reconnect q = ctx.durableV2Reconnect();
        if (dialect >= Negotiate.SMB_3_0) {
          r2 = q;
        }
      }
    }
    if ((v1 && v2 != null) || (r1 != null && r2 != null) || (v2 != null && (r1 != null || r2 != null))
        || (v1 && r2 != null)) {
      throw new SmbDecodeException(NtStatus.INVALID_PARAMETER, "CREATE: durable v1 and v2 contexts mixed"
          + " (expected: DHnQ/DHnC or DH2Q/DH2C)");
    }
    if (r1 != null) {
      // 3.3.5.9.6: DHnQ next to DHnC is ignored, the reconnect is what counts.
      v1 = false;
    }
    if (r1 == null && r2 == null && c.requestedOplockLevel() != Oplocks.LEVEL_LEASE) {
      // 3.3.5.9.8: a lease context with another OplockLevel is ignored. A reconnect names its lease whatever
      // the OplockLevel says (clients send zeros there, smbtorture smb2.durable-open.reopen1a-lease).
      lease = null;
    }
    return new Requested(c.requestedOplockLevel(), lease, v1, v2, r1, r2);
  }

  /** The lease request of a CREATE that {@link #parse} accepted already (handle() parsed it first). */
  static Oplocks.@Nullable LeaseRequest parseQuietly(SmbRequest request, Create.Request c) {
    try {
      return parse(request, c).lease();
    } catch (SmbDecodeException e) {
      throw new IllegalStateException("CREATE contexts parsed in handle() cannot fail here", e);
    }
  }

  /** The break sink of the request's connection (a no-op for handler tests that run without one). */
  static Oplocks.BreakSink sink(SmbRequest request) {
    Oplocks.BreakSink s = request.connection().breakSink();
    return s != null ? s : (body, sessionId, encrypt) -> { };
  }

  /** Whether break notifications to opens of this request go encrypted (3.3.4.6: Session or TreeConnect EncryptData). */
  static boolean encrypts(SmbRequest request) {
    SessionState s = request.session();
    TreeState t = request.tree();
    return (s != null && s.encryptData()) || (t != null && t.encryptData());
  }

  /**
   * Registers a new open with the oplock table, grants its oplock or lease and decides its durability
   * (3.3.5.9.6, 3.3.5.9.10): a durable handle needs a batch oplock or a lease with handle caching (a
   * delete-on-close open may have one, as smbtorture smb2.durable-open.delete_on_close1 expects), and a
   * persistent one is never granted (no continuous availability).
   */
  static void grant(ServerServices services, SmbRequest request, Create.Request c, Open o, int granted,
      boolean directory) throws SmbDecodeException {
    Requested req = parse(request, c);
    SessionState s = request.session();
    Oplocks.Registered reg = services.oplocks().register(o.files().volumeName(), o.id(), o.fileId(), granted,
        directory, sink(request), s.sessionId(), encrypts(request), c.requestedOplockLevel(), req.lease());
    OpenCaching.Durability d = null;
    if (reg.grant().handleCaching() && s.principal() != null
        && (req.durableV1() || req.durableV2() != null)) {
      ConnectionState.Negotiated n = request.connection().negotiated();
      Bytes clientGuid = n == null ? Bytes.zeros(16) : n.clientGuid();
      if (req.durableV2() != null) {
        long ms = Integer.toUnsignedLong(req.durableV2().timeout());
        Duration t = ms == 0 ? DEFAULT_DURABLE_TIMEOUT : Duration.ofMillis(ms);
        if (t.compareTo(MAX_DURABLE_TIMEOUT) > 0) {
          t = MAX_DURABLE_TIMEOUT;
        }
        d = new OpenCaching.Durability(2, t, req.durableV2().createGuid(), clientGuid, s.principal().name());
      } else {
        d = new OpenCaching.Durability(1, DEFAULT_DURABLE_TIMEOUT, null, clientGuid, s.principal().name());
      }
    }
    o.caching(new OpenCaching(services.oplocks(), reg.holder(), d));
    if (reg.grant() != Oplocks.Grant.NONE && !directory) {
      // Other protocols' writes and removals must break what this open caches (Oplocks#watchForeign).
      services.oplocks().watchForeign(o.files().volumeName(), o.id(), listener -> o.files().view().watch(o.id(),
          WatchScope.OBJECT, WATCH_QUEUE, WATCH_EVENTS, listener));
    }
  }

  /** Events queued per watched file before OVERFLOW (which breaks the caching too). */
  private static final int WATCH_QUEUE = 64;
  /** Where watch events are delivered: a virtual thread each, as the backend wants a hand-off. */
  private static final Executor WATCH_EVENTS = r -> Thread.ofVirtual().name("smb-lease-watch").start(r);

  /**
   * The oplock level and caching contexts of a CREATE response: the lease granted (v1 or v2 layout, as
   * asked), DHnQ or DH2Q when durability was granted (not on a reconnect, which answers the lease only).
   *
   * @param o the open
   * @param out the response contexts to add to
   * @param reconnect whether this answers a durable reconnect
   * @return the OplockLevel
   */
  static int respond(Open o, List<CreateContext> out, boolean reconnect) {
    OpenCaching cc = o.caching();
    if (cc == null) {
      return Oplocks.LEVEL_NONE;
    }
    Oplocks.Grant g = cc.oplocks().current(cc.holder());
    if (g.leaseVersion() != 0) {
      ByteBuf b = Unpooled.buffer(52);
      g.leaseKey().writeTo(b);
      b.writeIntLE(g.leaseState());
      b.writeIntLE(g.leaseFlags());
      b.writeLongLE(0);
      if (g.leaseVersion() == 2) {
        (g.parentKey() == null ? Bytes.zeros(16) : g.parentKey()).writeTo(b);
        b.writeShortLE(g.epoch());
        b.writeShortLE(0);
      }
      byte[] a = new byte[b.readableBytes()];
      b.readBytes(a);
      out.add(CreateContext.of(CreateContext.RQLS, Bytes.of(a)));
    }
    OpenCaching.Durability d = cc.durability();
    if (d != null && !reconnect) {
      if (d.version() == 1) {
        out.add(CreateContext.of(CreateContext.DHNQ, Bytes.zeros(8)));
      } else {
        ByteBuf b = Unpooled.buffer(8);
        b.writeIntLE((int) d.timeout().toMillis());
        b.writeIntLE(0); // Flags: never SMB2_DHANDLE_FLAG_PERSISTENT
        out.add(CreateContext.of(CreateContext.DH2Q, Bytes.of(b.array())));
      }
    }
    return g.oplockLevel();
  }

  /**
   * Finds and checks the durable open a DHnC or DH2C names (3.3.5.9.7, 3.3.5.9.12) and moves it to the
   * request's session and tree: same user (else STATUS_ACCESS_DENIED); same lease key when it has a lease,
   * no lease request when it has none; a v2 open only by DH2C with its CreateGuid from the same
   * ClientGuid, a v1 open only by DHnC; the same share. Anything else is STATUS_OBJECT_NAME_NOT_FOUND.
   *
   * @return the reattached open, or the status to fail with
   */
  static Object reconnect(ServerServices services, SmbRequest request, Requested req) {
    FileId id = req.reconnectV1() != null ? req.reconnectV1() : req.reconnectV2().fileId();
    Open old = services.oplocks().durables().find(id);
    SessionState s = request.session();
    TreeState tree = request.tree();
    if (old == null || old.caching() == null || old.caching().durability() == null) {
      return NtStatus.OBJECT_NAME_NOT_FOUND;
    }
    OpenCaching cc = old.caching();
    OpenCaching.Durability d = cc.durability();
    ConnectionState.Negotiated n = request.connection().negotiated();
    Bytes clientGuid = n == null ? Bytes.zeros(16) : n.clientGuid();
    Bytes storedGuid = d.createGuid() == null ? Bytes.zeros(16) : d.createGuid();
    if (req.reconnectV2() != null && !req.reconnectV2().createGuid().equals(storedGuid)) {
      // A DH2C names a v2 open by its CreateGuid; a v1 open has the zero one (smbtorture
      // smb2.durable-open.reopen2-lease reconnects it by a DH2C with zeros). A v2 open may come back by DHnC
      // (smb2.durable-v2-open.reopen2b, as Windows and Samba allow).
      return NtStatus.OBJECT_NAME_NOT_FOUND;
    }
    Bytes key = services.oplocks().leaseKey(cc.holder());
    Oplocks.LeaseRequest lr = req.lease();
    if (key == null ? lr != null : lr == null || !lr.key().equals(key) || !clientGuid.equals(d.clientGuid())) {
      // A lease belongs to its ClientGuid; an oplock open may come back from another one (reopen1a).
      return NtStatus.OBJECT_NAME_NOT_FOUND;
    }
    if (key != null && !CaseFolding.equalsIgnoreCase(request.body() instanceof Create.Request c ? c.name() : "",
        old.path())) {
      // With a lease the name must match too: STATUS_INVALID_PARAMETER, as Windows answers (reopen2-lease).
      return NtStatus.INVALID_PARAMETER;
    }
    if (s.principal() == null || !s.principal().name().equals(d.user())) {
      return NtStatus.ACCESS_DENIED;
    }
    if (!tree.share().equals(old.files().volumeName())) {
      return NtStatus.OBJECT_NAME_NOT_FOUND;
    }
    if (!services.oplocks().durables().claim(old)) {
      return NtStatus.OBJECT_NAME_NOT_FOUND;
    }
    Open o = old.reattach(tree.treeId());
    if (!s.opens().adopt(o)) {
      log.info("smb durable reconnect of {}: FileId taken in the new session", id);
      SmbFiles.close(o, services.objects());
      return NtStatus.OBJECT_NAME_NOT_FOUND;
    }
    services.oplocks().reconnected(cc.holder(), o.fileId(), sink(request), s.sessionId(), encrypts(request));
    return o;
  }

  /**
   * A CREATE that waits for breaks ([MS-SMB2] 3.3.4.2 async, [MS-FSA] 2.1.5.1.2 waiting for the oplock
   * break acknowledgment): when the breaks end, the CREATE runs again on its connection's serial path, and
   * may wait again if new breaks are needed then.
   */
  static final class BreakWait implements AsyncWork {
    private final Oplocks.Wait wait;
    private final Supplier<SmbReply> retry;
    private volatile @Nullable AsyncWork next;
    private volatile boolean cancelled;

    BreakWait(Oplocks.Wait wait, Supplier<SmbReply> retry) {
      this.wait = wait;
      this.retry = retry;
    }

    @Override
    public void start(Completion done) {
      wait.onDone(() -> done.execute(() -> {
        if (cancelled) {
          return;
        }
        SmbReply r = retry.get();
        AsyncWork w = r.async();
        if (w != null) {
          next = w;
          w.start(done);
        } else {
          done.complete(r);
        }
      }));
    }

    @Override
    public void cancel() {
      cancelled = true;
      wait.cancel();
      AsyncWork w = next;
      if (w != null) {
        w.cancel();
      }
    }
  }

  /** Runs a CREATE again, mapping failures as the dispatcher does. */
  static SmbReply retry(SmbHandler handler, SmbRequest request) {
    try {
      return handler.handle(request);
    } catch (SmbDecodeException e) {
      return SmbReply.error(e.status(), request.body());
    } catch (AuthException e) {
      return SmbReply.error(e.status(), request.body());
    } catch (DfsException e) {
      return SmbReply.error(SmbErrors.statusOf(e.kind()), request.body());
    } catch (RuntimeException e) {
      log.warn("smb CREATE retried after an oplock break failed", e);
      return SmbReply.error(NtStatus.INTERNAL_ERROR, request.body());
    }
  }
}
