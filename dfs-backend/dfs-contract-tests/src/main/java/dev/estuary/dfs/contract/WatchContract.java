package dev.estuary.dfs.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.estuary.dfs.Attributes;
import dev.estuary.dfs.Capability;
import dev.estuary.dfs.ChangeEvent;
import dev.estuary.dfs.ChangeKind;
import dev.estuary.dfs.ErrorKind;
import dev.estuary.dfs.FileHandle;
import dev.estuary.dfs.ObjectId;
import dev.estuary.dfs.ObjectType;
import dev.estuary.dfs.OpenMode;
import dev.estuary.dfs.RemoveKind;
import dev.estuary.dfs.RenameMode;
import dev.estuary.dfs.SetAttributes;
import dev.estuary.dfs.Volume;
import dev.estuary.dfs.WatchListener;
import dev.estuary.dfs.WatchScope;
import dev.estuary.dfs.WatchSubscription;
import dev.estuary.dfs.XattrMode;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Change events ({@link Capability#WATCH}): one for each namespace operation, seen by a subscriber
 * on another {@link Volume} instance from the same backend; subtree and object scopes; nothing for a
 * failed operation; overflow under a burst with a slow consumer; coalesced writes; close stops
 * delivery. Absence of an event is shown by ordering: after the operation that must not publish,
 * a marker change is made, and the next event must be the marker's.
 */
public abstract class WatchContract extends DfsContractSupport {
  private static final long WAIT_SECONDS = 20;

  private ExecutorService executor;
  private Volume other;
  private final List<WatchSubscription> subscriptions = new ArrayList<>();

  /** A listener that keeps what it receives, optionally held at the first event by a latch. */
  protected static final class Recorder implements WatchListener {
    private final LinkedBlockingQueue<ChangeEvent> events = new LinkedBlockingQueue<>();
    private final @Nullable CountDownLatch gate;
    private final CountDownLatch firstSeen = new CountDownLatch(1);

    Recorder(@Nullable CountDownLatch gate) {
      this.gate = gate;
    }

    @Override
    public void onEvent(ChangeEvent event) {
      events.add(event);
      firstSeen.countDown();
      if (gate != null) {
        try {
          gate.await(WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
    }

    ChangeEvent next() {
      try {
        ChangeEvent e = events.poll(WAIT_SECONDS, TimeUnit.SECONDS);
        assertThat(e).as("an event within %d s", WAIT_SECONDS).isNotNull();
        return e;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }

    void awaitFirst() throws InterruptedException {
      assertThat(firstSeen.await(WAIT_SECONDS, TimeUnit.SECONDS)).as("first event delivered").isTrue();
    }

    int queued() {
      return events.size();
    }
  }

  /** Starts the delivery executor and a second Volume instance of the test volume. */
  @BeforeEach
  void setUpWatch() {
    assumeCapability(Capability.WATCH);
    executor = Executors.newCachedThreadPool();
    other = dfs.volume(VOLUME);
  }

  /** Ends the subscriptions and the executor. */
  @AfterEach
  void tearDownWatch() {
    for (WatchSubscription s : subscriptions) {
      s.close();
    }
    if (executor != null) {
      executor.shutdownNow();
    }
  }

  private Recorder watch(ObjectId target, WatchScope scope) {
    return watch(target, scope, 1024, null);
  }

  private Recorder watch(ObjectId target, WatchScope scope, int capacity, @Nullable CountDownLatch gate) {
    Recorder r = new Recorder(gate);
    subscriptions.add(other.watch(target, scope, capacity, executor, r));
    return r;
  }

  private static void assertEvent(ChangeEvent e, ChangeKind kind, ObjectId object, ObjectType type,
      @Nullable ObjectId dir, @Nullable String name) {
    assertThat(e.kind()).as("kind of %s", e).isEqualTo(kind);
    assertThat(e.object()).as("object of %s", e).isEqualTo(object);
    assertThat(e.type()).as("type of %s", e).isEqualTo(type);
    assertThat(e.directory()).as("directory of %s", e).isEqualTo(dir);
    assertThat(e.name()).as("name of %s", e).isEqualTo(name);
  }

  @Test
  void directoryWatch_seesEveryNamespaceOperation_withNamesIdsAndCounters() {
    ObjectId d = mkdir(root, "d").id();
    ObjectId elsewhere = mkdir(root, "elsewhere").id();
    Recorder w = watch(d, WatchScope.DIRECTORY);

    Attributes f = volume.create(d, "f", 0644, OWNER, true);
    assertEvent(w.next(), ChangeKind.CREATED, f.id(), ObjectType.FILE, d, "f");
    Attributes sub = volume.mkdir(d, "sub", 0755, OWNER);
    ChangeEvent made = w.next();
    assertEvent(made, ChangeKind.CREATED, sub.id(), ObjectType.DIRECTORY, d, "sub");
    assertThat(made.change()).isEqualTo(sub.change());
    Attributes link = volume.symlink(d, "ln", "f", OWNER);
    assertEvent(w.next(), ChangeKind.CREATED, link.id(), ObjectType.SYMLINK, d, "ln");

    write(f.id(), 0, new byte[] {1, 2, 3});
    ChangeEvent written = w.next();
    assertEvent(written, ChangeKind.MODIFIED, f.id(), ObjectType.FILE, d, "f");
    assertThat(written.change()).isEqualTo(volume.getAttributes(f.id()).change());

    Attributes chmod = volume.setAttributes(f.id(), SetAttributes.builder().mode(0600).build());
    ChangeEvent attrs = w.next();
    assertEvent(attrs, ChangeKind.ATTRIBUTES, f.id(), ObjectType.FILE, d, "f");
    assertThat(attrs.change()).isEqualTo(chmod.change());
    volume.setAttributes(f.id(), SetAttributes.builder().size(1).build());
    assertEvent(w.next(), ChangeKind.MODIFIED, f.id(), ObjectType.FILE, d, "f");

    volume.setXattr(f.id(), "user.k", new byte[] {7}, XattrMode.UPSERT);
    ChangeEvent xattr = w.next();
    assertEvent(xattr, ChangeKind.XATTRS, f.id(), ObjectType.FILE, d, "f");
    assertThat(xattr.change()).isEqualTo(volume.getAttributes(f.id()).change());
    volume.removeXattr(f.id(), "user.k");
    assertEvent(w.next(), ChangeKind.XATTRS, f.id(), ObjectType.FILE, d, "f");

    volume.rename(d, "f", d, "g", RenameMode.NO_REPLACE);
    ChangeEvent renamed = w.next();
    assertEvent(renamed, ChangeKind.RENAMED, f.id(), ObjectType.FILE, d, "g");
    assertThat(renamed.fromDirectory()).isEqualTo(d);
    assertThat(renamed.fromName()).isEqualTo("f");
    assertThat(renamed.change()).isEqualTo(volume.getAttributes(f.id()).change());

    Attributes victim = volume.create(d, "victim", 0644, OWNER, true);
    assertEvent(w.next(), ChangeKind.CREATED, victim.id(), ObjectType.FILE, d, "victim");
    volume.rename(d, "g", d, "victim", RenameMode.REPLACE);
    assertEvent(w.next(), ChangeKind.REMOVED, victim.id(), ObjectType.FILE, d, "victim");
    ChangeEvent over = w.next();
    assertEvent(over, ChangeKind.RENAMED, f.id(), ObjectType.FILE, d, "victim");
    assertThat(over.fromName()).isEqualTo("g");

    volume.rename(d, "victim", elsewhere, "moved", RenameMode.NO_REPLACE);
    ChangeEvent away = w.next();
    assertEvent(away, ChangeKind.RENAMED, f.id(), ObjectType.FILE, elsewhere, "moved");
    assertThat(away.fromDirectory()).isEqualTo(d);
    assertThat(away.fromName()).isEqualTo("victim");

    Attributes unlinked = volume.createUnlinked(0644, OWNER);
    volume.link(unlinked.id(), d, "published", RenameMode.NO_REPLACE);
    assertEvent(w.next(), ChangeKind.CREATED, unlinked.id(), ObjectType.FILE, d, "published");

    ObjectId removed = volume.remove(d, "ln", RemoveKind.NOT_DIRECTORY);
    ChangeEvent gone = w.next();
    assertEvent(gone, ChangeKind.REMOVED, removed, ObjectType.SYMLINK, d, "ln");
    assertThat(gone.fromDirectory()).isNull();
    volume.remove(d, "sub", RemoveKind.DIRECTORY);
    assertEvent(w.next(), ChangeKind.REMOVED, sub.id(), ObjectType.DIRECTORY, d, "sub");
  }

  @Test
  void exchange_givesTwoRenames_andEachObjectWatcherHearsOfItsOwn() {
    assumeCapability(Capability.RENAME_EXCHANGE);
    ObjectId d = mkdir(root, "d").id();
    ObjectId e = mkdir(root, "e").id();
    ObjectId a = createFile(d, "a").id();
    ObjectId b = mkdir(e, "b").id();
    Recorder dw = watch(d, WatchScope.DIRECTORY);
    Recorder bw = watch(b, WatchScope.OBJECT);

    volume.rename(d, "a", e, "b", RenameMode.EXCHANGE);

    List<ChangeEvent> both = List.of(dw.next(), dw.next());
    assertThat(both).extracting(ChangeEvent::kind).containsOnly(ChangeKind.RENAMED);
    ChangeEvent ofA = both.stream().filter(x -> a.equals(x.object())).findFirst().orElseThrow();
    ChangeEvent ofB = both.stream().filter(x -> b.equals(x.object())).findFirst().orElseThrow();
    assertEvent(ofA, ChangeKind.RENAMED, a, ObjectType.FILE, e, "b");
    assertThat(ofA.fromDirectory()).isEqualTo(d);
    assertThat(ofA.fromName()).isEqualTo("a");
    assertEvent(ofB, ChangeKind.RENAMED, b, ObjectType.DIRECTORY, d, "a");
    assertThat(ofB.fromDirectory()).isEqualTo(e);
    assertEvent(bw.next(), ChangeKind.RENAMED, b, ObjectType.DIRECTORY, d, "a");
  }

  @Test
  void directoryWatch_ignoresOtherDirectories_subtreeWatchSeesThemAll() {
    ObjectId d = mkdir(root, "d").id();
    ObjectId a = mkdir(d, "a").id();
    ObjectId outside = mkdir(root, "outside").id();
    Recorder flat = watch(d, WatchScope.DIRECTORY);
    Recorder tree = watch(d, WatchScope.SUBTREE);

    ObjectId b = mkdir(a, "b").id();
    ObjectId c = createFile(b, "c").id();
    write(c, 0, new byte[] {1});
    createFile(outside, "noise");
    volume.rename(b, "c", d, "c2", RenameMode.NO_REPLACE);
    ObjectId marker = createFile(d, "marker").id();

    assertEvent(tree.next(), ChangeKind.CREATED, b, ObjectType.DIRECTORY, a, "b");
    assertEvent(tree.next(), ChangeKind.CREATED, c, ObjectType.FILE, b, "c");
    assertEvent(tree.next(), ChangeKind.MODIFIED, c, ObjectType.FILE, b, "c");
    ChangeEvent up = tree.next();
    assertEvent(up, ChangeKind.RENAMED, c, ObjectType.FILE, d, "c2");
    assertThat(up.fromDirectory()).isEqualTo(b);
    assertEvent(tree.next(), ChangeKind.CREATED, marker, ObjectType.FILE, d, "marker");

    ChangeEvent into = flat.next();
    assertEvent(into, ChangeKind.RENAMED, c, ObjectType.FILE, d, "c2");
    assertEvent(flat.next(), ChangeKind.CREATED, marker, ObjectType.FILE, d, "marker");
  }

  @Test
  void objectWatch_seesDataAttributesRenameAndRemoval_ofThatObjectOnly() {
    ObjectId f = createFile(root, "f").id();
    ObjectId neighbour = createFile(root, "neighbour").id();
    Recorder w = watch(f, WatchScope.OBJECT);

    write(neighbour, 0, new byte[] {9});
    try (FileHandle h = volume.open(f, OpenMode.READ_WRITE)) {
      h.write(0, ByteBuffer.wrap(new byte[] {1, 2}));
    }
    assertEvent(w.next(), ChangeKind.MODIFIED, f, ObjectType.FILE, root, "f");
    try (FileHandle h = volume.open(f, OpenMode.READ_WRITE)) {
      h.truncate(0);
    }
    assertEvent(w.next(), ChangeKind.MODIFIED, f, ObjectType.FILE, root, "f");
    if (dfs.capabilities().contains(Capability.HOLES)) {
      write(f, 0, new byte[8192]);
      assertEvent(w.next(), ChangeKind.MODIFIED, f, ObjectType.FILE, root, "f");
      try (FileHandle h = volume.open(f, OpenMode.READ_WRITE)) {
        h.punchHole(0, 4096);
      }
      assertEvent(w.next(), ChangeKind.MODIFIED, f, ObjectType.FILE, root, "f");
    }
    if (dfs.capabilities().contains(Capability.ALLOCATE)) {
      try (FileHandle h = volume.open(f, OpenMode.READ_WRITE)) {
        h.allocate(0, 16384, false);
      }
      assertEvent(w.next(), ChangeKind.MODIFIED, f, ObjectType.FILE, root, "f");
    }
    try (FileHandle src = volume.open(neighbour, OpenMode.READ);
        FileHandle dst = volume.open(f, OpenMode.READ_WRITE)) {
      assertThat(src.copyTo(0, dst, 0, 1)).isEqualTo(1);
    }
    ChangeEvent copied = w.next();
    assertEvent(copied, ChangeKind.MODIFIED, f, ObjectType.FILE, root, "f");
    assertThat(copied.change()).isEqualTo(volume.getAttributes(f).change());
    volume.setAttributes(f, SetAttributes.builder().uid(7).build());
    assertEvent(w.next(), ChangeKind.ATTRIBUTES, f, ObjectType.FILE, root, "f");
    volume.setXattr(f, "user.a", new byte[] {1}, XattrMode.UPSERT);
    assertEvent(w.next(), ChangeKind.XATTRS, f, ObjectType.FILE, root, "f");
    volume.rename(root, "f", root, "g", RenameMode.NO_REPLACE);
    assertEvent(w.next(), ChangeKind.RENAMED, f, ObjectType.FILE, root, "g");
    volume.remove(root, "neighbour", RemoveKind.ANY);
    volume.remove(root, "g", RemoveKind.ANY);
    assertEvent(w.next(), ChangeKind.REMOVED, f, ObjectType.FILE, root, "g");
  }

  @Test
  void failedOperations_publishNothing() {
    ObjectId d = mkdir(root, "d").id();
    ObjectId f = createFile(d, "f").id();
    createFile(d, "g");
    ObjectId full = mkdir(d, "full").id();
    createFile(full, "x");
    volume.setXattr(f, "user.k", new byte[1], XattrMode.UPSERT);
    Recorder w = watch(d, WatchScope.SUBTREE);
    Recorder obj = watch(f, WatchScope.OBJECT);

    assertKind(ErrorKind.EXISTS, () -> volume.create(d, "f", 0644, OWNER, true));
    assertKind(ErrorKind.EXISTS, () -> volume.mkdir(d, "g", 0755, OWNER));
    assertKind(ErrorKind.NOT_FOUND, () -> volume.remove(d, "missing", RemoveKind.ANY));
    assertKind(ErrorKind.NOT_EMPTY, () -> volume.remove(d, "full", RemoveKind.ANY));
    assertKind(ErrorKind.EXISTS, () -> volume.rename(d, "f", d, "g", RenameMode.NO_REPLACE));
    assertKind(ErrorKind.NO_SUCH_XATTR, () -> volume.removeXattr(f, "user.none"));
    assertKind(ErrorKind.EXISTS, () -> volume.setXattr(f, "user.k", new byte[1], XattrMode.CREATE));
    assertKind(ErrorKind.IS_DIRECTORY, () -> volume.setAttributes(full, SetAttributes.builder().size(0).build()));
    volume.setXattr(f, "user.marker", new byte[1], XattrMode.UPSERT);
    ObjectId marker = createFile(d, "marker").id();

    assertEvent(w.next(), ChangeKind.XATTRS, f, ObjectType.FILE, d, "f");
    assertEvent(w.next(), ChangeKind.CREATED, marker, ObjectType.FILE, d, "marker");
    assertEvent(obj.next(), ChangeKind.XATTRS, f, ObjectType.FILE, d, "f");
  }

  @Test
  void slowConsumer_getsOverflowInsteadOfAnUnboundedQueue_thenEventsAgain() throws Exception {
    ObjectId d = mkdir(root, "d").id();
    CountDownLatch gate = new CountDownLatch(1);
    int capacity = 4;
    Recorder w = watch(d, WatchScope.DIRECTORY, capacity, gate);

    createFile(d, "first");
    w.awaitFirst();
    for (int i = 0; i < 50; i++) {
      createFile(d, "burst-" + i);
    }
    gate.countDown();
    assertThat(w.next().name()).isEqualTo("first");
    ChangeEvent overflow = w.next();
    assertThat(overflow.kind()).isEqualTo(ChangeKind.OVERFLOW);
    assertThat(overflow.object()).isNull();
    List<String> after = new ArrayList<>();
    ObjectId later = createFile(d, "later").id();
    for (ChangeEvent e = w.next(); ; e = w.next()) {
      after.add(e.name());
      if (later.equals(e.object())) {
        break;
      }
    }
    assertThat(after).as("events queued after the overflow, then the later one").hasSizeLessThanOrEqualTo(capacity);
    assertThat(after.get(after.size() - 1)).isEqualTo("later");
  }

  @Test
  void writesToOneObject_coalesceWhileTheSubscriberIsBusy_andKeepTheLatestCounter() throws Exception {
    ObjectId f = createFile(root, "f").id();
    CountDownLatch gate = new CountDownLatch(1);
    Recorder w = watch(f, WatchScope.OBJECT, 16, gate);

    try (FileHandle h = volume.open(f, OpenMode.READ_WRITE)) {
      h.write(0, ByteBuffer.wrap(new byte[] {0}));
      w.awaitFirst();
      for (int i = 1; i <= 100; i++) {
        h.write(i, ByteBuffer.wrap(new byte[] {(byte) i}));
      }
    }
    long last = volume.getAttributes(f).change();
    volume.setXattr(f, "user.after", new byte[] {1}, XattrMode.UPSERT);
    gate.countDown();

    assertThat(w.next().kind()).isEqualTo(ChangeKind.MODIFIED);
    ChangeEvent merged = w.next();
    assertThat(merged.kind()).isEqualTo(ChangeKind.MODIFIED);
    assertThat(merged.change()).isEqualTo(last);
    assertThat(w.next().kind()).isEqualTo(ChangeKind.XATTRS);
  }

  @Test
  void close_stopsDelivery() {
    ObjectId d = mkdir(root, "d").id();
    Recorder closed = watch(d, WatchScope.DIRECTORY);
    WatchSubscription sub = subscriptions.get(subscriptions.size() - 1);
    createFile(d, "before");
    assertThat(closed.next().name()).isEqualTo("before");

    sub.close();
    sub.close();
    Recorder witness = watch(d, WatchScope.DIRECTORY);
    createFile(d, "after");

    assertThat(witness.next().name()).isEqualTo("after");
    assertThat(closed.queued()).isZero();
  }

  @Test
  void flush_deliversWhatTheExecutorHasNot_onTheCallersThread_inOrder_once() {
    ObjectId d = mkdir(root, "d").id();
    // An executor that holds its tasks until the test runs them: delivery happens only by flush.
    ConcurrentLinkedQueue<Runnable> held = new ConcurrentLinkedQueue<>();
    List<String> names = new CopyOnWriteArrayList<>();
    List<Thread> threads = new CopyOnWriteArrayList<>();
    WatchSubscription sub = other.watch(d, WatchScope.DIRECTORY, 1024, held::add, e -> {
      names.add(e.name());
      threads.add(Thread.currentThread());
    });
    subscriptions.add(sub);
    createFile(d, "a");
    createFile(d, "b");
    assertThat(names).as("delivered before flush, with the executor holding its task").isEmpty();

    sub.flush();

    assertThat(names).containsExactly("a", "b");
    assertThat(threads).containsOnly(Thread.currentThread());
    sub.flush();
    runAll(held);
    assertThat(names).as("after flush, the executor's task finds nothing left").containsExactly("a", "b");

    createFile(d, "c");
    runAll(held);
    assertThat(names).as("delivery through the executor goes on after a flush").containsExactly("a", "b", "c");

    createFile(d, "e");
    sub.close();
    sub.flush();
    runAll(held);
    assertThat(names).as("nothing after close, not even by flush").containsExactly("a", "b", "c");
  }

  private static void runAll(ConcurrentLinkedQueue<Runnable> tasks) {
    for (Runnable r = tasks.poll(); r != null; r = tasks.poll()) {
      r.run();
    }
  }

  @Test
  void badSubscriptions_areRefused() {
    ObjectId f = createFile(root, "f").id();
    assertKind(ErrorKind.NOT_DIRECTORY, () -> other.watch(f, WatchScope.DIRECTORY, 8, executor, e -> { }));
    assertKind(ErrorKind.NOT_DIRECTORY, () -> other.watch(f, WatchScope.SUBTREE, 8, executor, e -> { }));
    assertKind(ErrorKind.INVALID_ARGUMENT, () -> other.watch(root, WatchScope.DIRECTORY, 0, executor, e -> { }));
    assertKind(ErrorKind.INVALID_ARGUMENT, () -> other.watch(root, WatchScope.DIRECTORY,
        WatchSubscription.MAX_QUEUE_CAPACITY + 1, executor, e -> { }));
    volume.remove(root, "f", RemoveKind.ANY);
    assertKind(ErrorKind.STALE, () -> other.watch(f, WatchScope.OBJECT, 8, executor, e -> { }));
  }
}
