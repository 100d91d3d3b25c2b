package dev.estuary.core.internal.remote;

import dev.estuary.core.Group;
import dev.estuary.core.IdentityService;
import dev.estuary.core.NfsExportRule;
import dev.estuary.core.NtIdentity;
import dev.estuary.core.Principal;
import dev.estuary.core.S3Identity;
import dev.estuary.core.Sid;
import dev.estuary.core.SidMapping;
import dev.estuary.core.internal.remote.proto.GenerationEvent;
import dev.estuary.core.internal.remote.proto.IdRequest;
import dev.estuary.core.internal.remote.proto.IdentityGrpc;
import dev.estuary.core.internal.remote.proto.NameRequest;
import dev.estuary.core.internal.remote.proto.PasswordRequest;
import dev.estuary.core.internal.remote.proto.SidsRequest;
import dev.estuary.core.internal.remote.proto.TokenRequest;
import dev.estuary.core.internal.remote.proto.WatchRequest;
import dev.estuary.dfs.DfsException;
import dev.estuary.dfs.ErrorKind;
import io.grpc.Channel;
import io.grpc.Context;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link IdentityService} of a frontend process in node mode: asks the engine daemon's {@link
 * IdentityGrpcService} over the engine's channel and caches every answer until the daemon reports
 * a change.
 *
 * <p><b>Freshness.</b> A {@code Watch} stream delivers the daemon's generation after every change;
 * each new generation (or a new daemon instance, or a lost stream) replaces the whole cache. So a
 * change made with {@code estuary user ...} reaches this process as fast as one message travels,
 * and a request whose answer is cached never waits for the network. While the stream is down the
 * cache is empty and every question is asked again, so nothing stale is served across an engine
 * restart. An answer that was in flight while the cache was replaced lands in the old cache and is
 * never seen again.
 *
 * <p><b>What is not cached.</b> Passwords are checked by the daemon on every call (Argon2id: the
 * hash stays there). API tokens are checked by the daemon once per generation and the answer kept
 * under the token's SHA-256, not the token.
 *
 * <p><b>Bounds.</b> Each cache holds at most {@value #MAX_ENTRIES} answers and is emptied when
 * full, so names and keys a client makes up cannot grow memory. Every call has a deadline and waits
 * for the channel to be ready up to it (an engine restarting); a call that cannot be answered
 * fails with {@link DfsException} {@link ErrorKind#IO_ERROR} naming the endpoint, as the remote
 * backend does.
 */
public final class RemoteIdentityService implements IdentityService, AutoCloseable {
  /** The most answers one cache keeps. */
  static final int MAX_ENTRIES = 4096;

  private static final Logger log = LoggerFactory.getLogger(RemoteIdentityService.class);
  private static final Duration RETRY = Duration.ofMillis(200);

  private final IdentityGrpc.IdentityBlockingStub stub;
  private final IdentityGrpc.IdentityStub async;
  private final String endpoint;
  private final Duration deadline;
  private final ScheduledExecutorService scheduler;
  private final AtomicLong generation = new AtomicLong();
  private volatile Caches caches = new Caches();
  private volatile @Nullable String instance;
  private volatile long remoteGeneration = Long.MIN_VALUE;
  private volatile boolean closed;
  private volatile Context.@Nullable CancellableContext watch;

  /** One generation's answers; replaced whole, never cleared in place. */
  private static final class Caches {
    final Map<String, Optional<S3Identity>> s3 = new ConcurrentHashMap<>();
    final Map<String, Optional<NtIdentity>> nt = new ConcurrentHashMap<>();
    final Map<String, Optional<Principal>> tokens = new ConcurrentHashMap<>();
    final Map<String, Optional<Principal>> principals = new ConcurrentHashMap<>();
    final Map<Integer, Optional<Principal>> uids = new ConcurrentHashMap<>();
    final Map<String, Optional<Group>> groups = new ConcurrentHashMap<>();
    final Map<Integer, Optional<Group>> gids = new ConcurrentHashMap<>();
    final Map<String, List<NfsExportRule>> exports = new ConcurrentHashMap<>();
    volatile @Nullable SidMapping sids;
  }

  /**
   * Connects to the daemon's identity service and starts watching its generation.
   *
   * @param channel the channel to the engine daemon (shared with the remote backend)
   * @param endpoint the daemon's address, for error messages
   * @param deadline the longest wait of one call, the channel's reconnection included
   * @param scheduler where a lost watch stream is opened again
   */
  public RemoteIdentityService(Channel channel, String endpoint, Duration deadline,
      ScheduledExecutorService scheduler) {
    this.stub = IdentityGrpc.newBlockingStub(channel);
    this.async = IdentityGrpc.newStub(channel);
    this.endpoint = endpoint;
    this.deadline = deadline;
    this.scheduler = scheduler;
    startWatch();
  }

  private void startWatch() {
    if (closed) {
      return;
    }
    Context.CancellableContext ctx = Context.current().withCancellation();
    watch = ctx;
    // No deadline: the stream lasts as long as the daemon; waitForReady lets it wait out a restart.
    ctx.run(() -> async.withWaitForReady().watch(WatchRequest.getDefaultInstance(),
        new StreamObserver<>() {
          @Override
          public void onNext(GenerationEvent e) {
            advance(e.getInstance(), e.getGeneration());
          }

          @Override
          public void onError(Throwable t) {
            lost(t.toString());
          }

          @Override
          public void onCompleted() {
            lost("the daemon ended the stream");
          }
        }));
  }

  private synchronized void advance(String from, long g) {
    if (from.equals(instance) && g == remoteGeneration) {
      return;
    }
    if (!from.equals(instance) && instance != null) {
      log.info("identity service restarted endpoint={}", endpoint);
    }
    instance = from;
    remoteGeneration = g;
    invalidate();
  }

  private synchronized void lost(String why) {
    if (closed) {
      return;
    }
    // Until the stream is back, changes would go unnoticed: cache nothing meanwhile.
    instance = null;
    remoteGeneration = Long.MIN_VALUE;
    invalidate();
    log.warn("identity watch lost endpoint={} reason={}", endpoint, why);
    scheduler.schedule(this::startWatch, RETRY.toMillis(), TimeUnit.MILLISECONDS);
  }

  private void invalidate() {
    caches = new Caches();
    generation.incrementAndGet();
  }

  /** Whether answers may be kept: only while the watch stream tells us of every change. */
  private boolean watching() {
    return instance != null;
  }

  private <K, V> V cached(Function<Caches, Map<K, V>> which, K key, Function<K, V> ask) {
    Caches c = caches;
    boolean keep = watching();
    Map<K, V> map = which.apply(c);
    V v = map.get(key);
    if (v != null) {
      return v;
    }
    v = ask.apply(key);
    if (keep) {
      if (map.size() >= MAX_ENTRIES) {
        map.clear();
      }
      map.put(key, v);
    }
    return v;
  }

  private IdentityGrpc.IdentityBlockingStub call() {
    return stub.withWaitForReady().withDeadlineAfter(deadline.toMillis(), TimeUnit.MILLISECONDS);
  }

  private <T> T rpc(String what, java.util.function.Supplier<T> body) {
    try {
      return body.get();
    } catch (StatusRuntimeException e) {
      throw new DfsException(ErrorKind.IO_ERROR, "identity service at " + endpoint + ": " + what
          + " failed (" + e.getStatus().getCode() + (e.getStatus().getDescription() == null ? ""
              : ": " + e.getStatus().getDescription()) + ")");
    }
  }

  @Override
  public Optional<Principal> authenticatePassword(String name, String password) {
    return rpc("authenticatePassword", () -> IdentityMessages.fromReply(call().authenticatePassword(
        PasswordRequest.newBuilder().setName(name).setPassword(password).build())));
  }

  @Override
  public Optional<Principal> authenticateToken(String token) {
    return cached(c -> c.tokens, sha256(token), k -> rpc("authenticateToken",
        () -> IdentityMessages.fromReply(call().authenticateToken(
            TokenRequest.newBuilder().setToken(token).build()))));
  }

  @Override
  public Optional<S3Identity> s3Identity(String accessKeyId) {
    return cached(c -> c.s3, accessKeyId, k -> rpc("s3Identity",
        () -> IdentityMessages.fromS3Reply(call().s3Identity(name(k)))));
  }

  @Override
  public Optional<NtIdentity> ntIdentity(String name) {
    return cached(c -> c.nt, name, k -> rpc("ntIdentity",
        () -> IdentityMessages.fromNtReply(call().ntIdentity(name(k)))));
  }

  @Override
  public Optional<Principal> principal(String name) {
    return cached(c -> c.principals, name, k -> rpc("principal",
        () -> IdentityMessages.fromReply(call().principal(name(k)))));
  }

  @Override
  public Optional<Principal> principalByUid(int uid) {
    return cached(c -> c.uids, uid, k -> rpc("principalByUid",
        () -> IdentityMessages.fromReply(call().principalByUid(id(k)))));
  }

  @Override
  public Optional<Group> group(String name) {
    return cached(c -> c.groups, name, k -> rpc("group",
        () -> IdentityMessages.fromGroupReply(call().group(name(k)))));
  }

  @Override
  public Optional<Group> groupByGid(int gid) {
    return cached(c -> c.gids, gid, k -> rpc("groupByGid",
        () -> IdentityMessages.fromGroupReply(call().groupByGid(id(k)))));
  }

  @Override
  public SidMapping sids() {
    Caches c = caches;
    SidMapping m = c.sids;
    if (m == null) {
      boolean keep = watching();
      m = new SidMapping(Sid.parse(rpc("sids",
          () -> call().sids(SidsRequest.getDefaultInstance()).getDomainSid())));
      if (keep) {
        c.sids = m;
      }
    }
    return m;
  }

  /**
   * Returns a number of this process that moves whenever the daemon reports a change, a new
   * daemon instance or a lost connection: never a network call.
   */
  @Override
  public long generation() {
    return generation.get();
  }

  @Override
  public List<NfsExportRule> nfsExportRules(String volume) {
    return cached(c -> c.exports, volume, k -> rpc("nfsExportRules",
        () -> IdentityMessages.fromRulesReply(call().nfsExportRules(name(k)))));
  }

  /**
   * Returns whether the watch stream is up, so answers are being cached (tests, health).
   *
   * @return whether the daemon's generation is known
   */
  public boolean connected() {
    return watching();
  }

  /** Stops watching; calls after this fail. */
  @Override
  public void close() {
    closed = true;
    Context.CancellableContext w = watch;
    if (w != null) {
      w.cancel(null);
    }
  }

  private static NameRequest name(String n) {
    return NameRequest.newBuilder().setName(n).build();
  }

  private static IdRequest id(int n) {
    return IdRequest.newBuilder().setId(n).build();
  }

  private static String sha256(String token) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
          .digest(token.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
    }
  }
}
