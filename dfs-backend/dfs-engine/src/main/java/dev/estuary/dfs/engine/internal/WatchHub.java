package dev.estuary.dfs.engine.internal;

import dev.estuary.dfs.ChangeEvent;
import dev.estuary.dfs.ChangeKind;
import dev.estuary.dfs.DfsException;
import dev.estuary.dfs.ErrorKind;
import dev.estuary.dfs.ObjectId;
import dev.estuary.dfs.ObjectType;
import dev.estuary.dfs.SetAttributes;
import dev.estuary.dfs.WatchListener;
import dev.estuary.dfs.WatchScope;
import dev.estuary.dfs.WatchSubscription;
import dev.estuary.dfs.support.WatchQueue;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The change events of one engine: subscriptions indexed by the object they watch, and the routing
 * of each event to them. The engine publishes after a change commits (namespace changes from the
 * batch's after-commit actions, under the namespace lock, so every subscription sees them in commit
 * order; data changes from the writing thread). Publishing never blocks: each subscription has a
 * bounded queue, drained on the subscriber's executor; a full queue is replaced by one {@link
 * ChangeEvent#OVERFLOW}. With no subscription at all, publishing costs one volatile read.
 */
final class WatchHub implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(WatchHub.class);
  /** Deepest ancestor walk for subtree watchers (a cycle would be a damaged store). */
  private static final int MAX_DEPTH = 100_000;

  private final ConcurrentHashMap<ObjectId, CopyOnWriteArrayList<Sub>> byObject = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<ObjectId, CopyOnWriteArrayList<Sub>> byDirectory = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<ObjectId, CopyOnWriteArrayList<Sub>> bySubtree = new ConcurrentHashMap<>();
  private final AtomicInteger total = new AtomicInteger();
  private final AtomicInteger subtrees = new AtomicInteger();
  private volatile boolean closed;

  /** One subscription; its queue and delivery are the shared {@link WatchQueue}. */
  private final class Sub implements WatchSubscription {
    final ObjectId target;
    final WatchScope scope;
    private final WatchQueue queue;

    Sub(ObjectId target, WatchScope scope, int capacity, Executor executor, WatchListener listener) {
      this.target = target;
      this.scope = scope;
      this.queue = new WatchQueue(this, capacity, executor, listener);
    }

    @Override
    public ObjectId target() {
      return target;
    }

    @Override
    public WatchScope scope() {
      return scope;
    }

    void offer(ChangeEvent e) {
      queue.offer(e);
    }

    @Override
    public void flush() {
      // Only what was queued on entry: events published meanwhile are the executor's.
      queue.deliverUpTo(queue.lastSequence());
    }

    @Override
    public void close() {
      if (!queue.discard()) {
        return;
      }
      index(scope).computeIfPresent(target, (id, list) -> {
        list.remove(this);
        return list.isEmpty() ? null : list;
      });
      total.decrementAndGet();
      if (scope == WatchScope.SUBTREE) {
        subtrees.decrementAndGet();
      }
    }

    @Override
    public String toString() {
      return "WatchSubscription[" + scope + " " + target + "]";
    }
  }

  private ConcurrentHashMap<ObjectId, CopyOnWriteArrayList<Sub>> index(WatchScope scope) {
    return switch (scope) {
      case OBJECT -> byObject;
      case DIRECTORY -> byDirectory;
      case SUBTREE -> bySubtree;
    };
  }

  /** Subscribes; the caller checked the target. */
  WatchSubscription subscribe(ObjectId target, WatchScope scope, int capacity, Executor executor,
      WatchListener listener) {
    if (capacity < 1 || capacity > WatchSubscription.MAX_QUEUE_CAPACITY) {
      throw new DfsException(ErrorKind.INVALID_ARGUMENT, "watch queue capacity: " + capacity
          + " (expected: 1 to " + WatchSubscription.MAX_QUEUE_CAPACITY + ")");
    }
    Sub sub = new Sub(target, scope, capacity, executor, listener);
    total.incrementAndGet();
    if (scope == WatchScope.SUBTREE) {
      subtrees.incrementAndGet();
    }
    index(scope).compute(target, (id, list) -> {
      CopyOnWriteArrayList<Sub> l = list != null ? list : new CopyOnWriteArrayList<>();
      l.add(sub);
      return l;
    });
    if (closed) {
      sub.close();
      throw new DfsException(ErrorKind.CLOSED, "engine is closed");
    }
    return sub;
  }

  /** Whether anyone listens; publishers skip building events otherwise. */
  boolean active() {
    return total.get() > 0;
  }

  /**
   * Publishes one event to every subscription it concerns.
   *
   * @param volume the volume, to walk ancestors for subtree watchers
   * @param e the event
   */
  void publish(EngineVolume volume, ChangeEvent e) {
    if (!active()) {
      return;
    }
    try {
      route(volume, e);
    } catch (RuntimeException ex) {
      // The change has committed; a failure to read ancestors must not make it look failed.
      LOG.warn("change event {} not delivered: {}", e, ex.toString());
    }
  }

  private void route(EngineVolume volume, ChangeEvent e) {
    List<Sub> to = new ArrayList<>(4);
    if (e.object() != null) {
      add(to, byObject.get(e.object()));
      if (e.kind() == ChangeKind.REMOVED || e.kind() == ChangeKind.RENAMED) {
        // A directory watcher hears of its own directory going or moving.
        add(to, byDirectory.get(e.object()));
        add(to, bySubtree.get(e.object()));
      }
    }
    route(volume, to, e.directory());
    if (e.fromDirectory() != null && !e.fromDirectory().equals(e.directory())) {
      route(volume, to, e.fromDirectory());
    }
    for (Sub s : to) {
      s.offer(e);
    }
  }

  /**
   * Publishes a change of {@code inode}, under its current name and with its change counter, once
   * the batch commits; the caller holds the namespace lock, so subscribers see commit order.
   */
  void onCommit(Txn txn, EngineVolume volume, ChangeKind kind, Inode inode) {
    if (active()) {
      ChangeEvent e = new ChangeEvent(kind, inode.id(), inode.type(), inode.parent(),
          inode.parent() == null ? null : inode.name(), null, null, inode.change());
      txn.afterCommit(() -> publish(volume, e));
    }
  }

  /** Publishes {@code e} once the batch commits; the caller holds the namespace lock. */
  void onCommit(Txn txn, EngineVolume volume, ChangeEvent e) {
    if (active()) {
      txn.afterCommit(() -> publish(volume, e));
    }
  }

  /** A size set is a data change; anything else set is an attribute change. */
  void onSetAttributes(Txn txn, EngineVolume volume, SetAttributes changes, Inode updated) {
    if (changes.size() != null) {
      onCommit(txn, volume, ChangeKind.MODIFIED, updated);
    }
    if (changes.mode() != null || changes.uid() != null || changes.gid() != null
        || changes.accessTime() != null || changes.modifyTime() != null || changes.birthTime() != null) {
      onCommit(txn, volume, ChangeKind.ATTRIBUTES, updated);
    }
  }

  /** Data of a file changed: publishes MODIFIED with its current name, if anyone listens. */
  void modified(EngineVolume volume, ObjectId file, long change) {
    if (!active() || (subtrees.get() == 0 && byDirectory.isEmpty() && !byObject.containsKey(file))) {
      return;
    }
    Inode inode = volume.storedInode(file);
    ObjectId parent = inode == null ? null : inode.parent();
    String name = inode == null ? null : inode.name();
    publish(volume, new ChangeEvent(ChangeKind.MODIFIED, file, ObjectType.FILE, parent,
        parent == null ? null : name, null, null, change));
  }

  private void route(EngineVolume volume, List<Sub> to, @Nullable ObjectId dir) {
    if (dir == null) {
      return;
    }
    add(to, byDirectory.get(dir));
    if (subtrees.get() == 0) {
      return;
    }
    ObjectId cur = dir;
    for (int depth = 0; cur != null && depth < MAX_DEPTH; depth++) {
      add(to, bySubtree.get(cur));
      Inode inode = volume.storedInode(cur);
      cur = inode == null ? null : inode.parent();
    }
  }

  private static void add(List<Sub> to, @Nullable List<Sub> subs) {
    if (subs == null) {
      return;
    }
    for (Sub s : subs) {
      boolean seen = false;
      for (Sub t : to) {
        if (t == s) {
          seen = true;
          break;
        }
      }
      if (!seen) {
        to.add(s);
      }
    }
  }

  /** Ends every subscription (the engine is closing). */
  @Override
  public void close() {
    closed = true;
    for (var index : List.of(byObject, byDirectory, bySubtree)) {
      for (List<Sub> subs : index.values()) {
        for (Sub s : subs) {
          s.close();
        }
      }
    }
  }
}
