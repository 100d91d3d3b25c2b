package dev.estuary.s3.internal.ops;

import dev.estuary.dfs.DirCursor;
import dev.estuary.dfs.DirEntry;
import dev.estuary.dfs.DirPage;
import dev.estuary.dfs.ObjectId;
import dev.estuary.dfs.ObjectType;
import dev.estuary.dfs.Volume;
import dev.estuary.dfs.decorate.ReservedNamesDfs;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Walks the keys that have entries in a bucket's version area ({@link Versions}), in S3 key order,
 * with prefix, delimiter and a resume point: what {@link KeyWalker} does for the current files, so
 * that ListObjectVersions can merge the two.
 *
 * <p>In the area, a key's directory {@code n} holds the key's versions and, under {@value
 * Versions#CHILDREN}, the directories of the keys below it. So each directory entry {@code n}
 * contributes the key {@code n} (when it has versions) and the keys under {@code n/} (when it has
 * children); these sort apart ({@code n-x} falls between them), so each directory's
 * contributions are sorted by their sort keys ({@code n} and {@code n/}) before they are walked.
 * A directory of the area is read whole when the walk enters it; only directories whose keys can
 * still be listed are entered.
 */
final class VersionKeyWalker {

  /**
   * One listed item.
   *
   * @param key the key, or the common prefix
   * @param prefix whether it is a common prefix
   */
  record Item(String key, boolean prefix) {}

  /** One sort position in a directory: the key of a node, or the keys below it. */
  private record Slot(String sortKey, ObjectId node, boolean below) {}

  private record Frame(String dirKey, Iterator<Slot> slots) {}

  private final Volume area;
  private final String prefix;
  private final @Nullable String delimiter;
  private final String after;
  private final ArrayDeque<Frame> stack = new ArrayDeque<>();
  private @Nullable String lastPrefix;
  private @Nullable Item peeked;

  /**
   * Starts a walk.
   *
   * @param bucket the bucket's volume
   * @param prefix only keys starting with this
   * @param delimiter the delimiter, or null
   * @param after only keys (and prefixes) sorting after this; empty for the beginning
   * @param afterIsPrefix whether {@code after} is a common prefix returned before
   */
  VersionKeyWalker(Volume bucket, String prefix, @Nullable String delimiter, String after,
      boolean afterIsPrefix) {
    this.area = ReservedNamesDfs.privileged(bucket);
    this.prefix = prefix;
    this.delimiter = delimiter == null || delimiter.isEmpty() ? null : delimiter;
    this.after = after;
    this.lastPrefix = afterIsPrefix ? after : null;
    Optional<ObjectId> root = Versions.existingArea(bucket);
    root.ifPresent(r -> stack.push(frame(r, "")));
  }

  /** The sorted slots of a directory of nodes (the area root or a children directory). */
  private Frame frame(ObjectId dir, String dirKey) {
    List<Slot> slots = new ArrayList<>();
    DirCursor cursor = DirCursor.START;
    while (true) {
      DirPage page = area.readdir(dir, cursor, 1000, false);
      for (DirEntry e : page.entries()) {
        if (e.type() != ObjectType.DIRECTORY) {
          continue;
        }
        String k = dirKey + e.name();
        if (k.startsWith(prefix) && Utf8Order.compare(k, after) > 0) {
          slots.add(new Slot(e.name(), e.id(), false));
        }
        String below = k + "/";
        if ((below.startsWith(prefix) || prefix.startsWith(below))
            && (Utf8Order.compare(below, after) > 0 || after.startsWith(below))) {
          slots.add(new Slot(e.name() + "/", e.id(), true));
        }
      }
      if (page.end()) {
        break;
      }
      cursor = page.next();
    }
    slots.sort((a, b) -> Utf8Order.compare(a.sortKey(), b.sortKey()));
    return new Frame(dirKey, slots.iterator());
  }

  /**
   * Returns whether another item follows.
   *
   * @return true if {@link #next()} has one
   */
  boolean hasNext() {
    if (peeked == null) {
      peeked = advance();
    }
    return peeked != null;
  }

  /**
   * Returns the next item without taking it.
   *
   * @return the item, or null at the end
   */
  @Nullable Item peek() {
    hasNext();
    return peeked;
  }

  /**
   * Returns the next item.
   *
   * @return the item, or null at the end
   */
  @Nullable Item next() {
    if (peeked != null) {
      Item i = peeked;
      peeked = null;
      return i;
    }
    return advance();
  }

  private @Nullable Item advance() {
    while (!stack.isEmpty()) {
      Frame top = stack.peek();
      if (!top.slots().hasNext()) {
        stack.pop();
        continue;
      }
      Slot s = top.slots().next();
      if (s.below()) {
        String k = top.dirKey() + s.sortKey();
        if (lastPrefix != null && k.startsWith(lastPrefix)) {
          continue;
        }
        String cp = commonPrefix(k, true);
        if (cp != null) {
          if (cp.equals(lastPrefix) || Utf8Order.compare(cp, after) <= 0) {
            continue;
          }
          if (hasEntries(s.node(), k)) {
            lastPrefix = cp;
            return new Item(cp, true);
          }
          continue;
        }
        Optional<ObjectId> children = childrenOf(s.node());
        if (children.isPresent()) {
          stack.push(frame(children.get(), k));
        }
      } else {
        String k = top.dirKey() + s.sortKey();
        if (lastPrefix != null && k.startsWith(lastPrefix) || !hasVersions(s.node())) {
          continue;
        }
        String cp = commonPrefix(k, false);
        if (cp != null) {
          if (cp.equals(lastPrefix)) {
            continue;
          }
          lastPrefix = cp;
          return new Item(cp, true);
        }
        return new Item(k, false);
      }
    }
    return null;
  }

  private Optional<ObjectId> childrenOf(ObjectId node) {
    try {
      dev.estuary.dfs.Attributes a = area.lookup(node, Versions.CHILDREN);
      return a.isDirectory() ? Optional.of(a.id()) : Optional.empty();
    } catch (dev.estuary.dfs.DfsException e) {
      if (e.kind() == dev.estuary.dfs.ErrorKind.NOT_FOUND) {
        return Optional.empty();
      }
      throw e;
    }
  }

  /** Whether a node holds version entries (any file). */
  private boolean hasVersions(ObjectId node) {
    // The children directory's name sorts before every entry name (hex digits), so two entries
    // are enough to see one file.
    for (DirEntry e : area.readdir(node, DirCursor.START, 2, false).entries()) {
      if (e.type() == ObjectType.FILE) {
        return true;
      }
    }
    return false;
  }

  /** Whether some key under {@code dirKey} (a node's children) has versions. */
  private boolean hasEntries(ObjectId node, String dirKey) {
    Optional<ObjectId> children = childrenOf(node);
    if (children.isEmpty()) {
      return false;
    }
    ArrayDeque<ObjectId> todo = new ArrayDeque<>();
    todo.push(children.get());
    while (!todo.isEmpty()) {
      ObjectId dir = todo.pop();
      DirCursor cursor = DirCursor.START;
      while (true) {
        DirPage page = area.readdir(dir, cursor, 1000, false);
        for (DirEntry e : page.entries()) {
          if (e.type() == ObjectType.DIRECTORY) {
            if (hasVersions(e.id())) {
              return true;
            }
            childrenOf(e.id()).ifPresent(todo::push);
          }
        }
        if (page.end()) {
          break;
        }
        cursor = page.next();
      }
    }
    return false;
  }

  private @Nullable String commonPrefix(String k, boolean isDirKey) {
    if (delimiter == null || k.length() <= prefix.length()) {
      return null;
    }
    int i = k.indexOf(delimiter, prefix.length());
    if (i < 0) {
      return null;
    }
    int end = i + delimiter.length();
    if (isDirKey && end > k.length()) {
      return null;
    }
    return k.substring(0, end);
  }
}
