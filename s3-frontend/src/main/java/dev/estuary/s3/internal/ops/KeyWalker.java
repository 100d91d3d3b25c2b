package dev.estuary.s3.internal.ops;

import dev.estuary.core.CheckedVolume;
import dev.estuary.dfs.Attributes;
import dev.estuary.dfs.DfsException;
import dev.estuary.dfs.DirCursor;
import dev.estuary.dfs.DirEntry;
import dev.estuary.dfs.ErrorKind;
import dev.estuary.dfs.ObjectId;
import dev.estuary.dfs.ObjectType;
import dev.estuary.dfs.Volume;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Walks a volume's keys in S3 order (UTF-8 byte order of full keys, DESIGN §2) from a resume
 * point, applying prefix and delimiter: a depth-first walk of sorted directories, each merged by
 * {@link DirMerge}, that descends only into directories whose keys can still matter and jumps
 * straight to the resume point with {@link Volume#cursorAfter}, so a page costs what it returns,
 * not what precedes it.
 *
 * <p>Any delimiter works: a directory whose key {@code dir/} already contains the delimiter after
 * the prefix is one common prefix and is not entered; otherwise the delimiter is looked for in the
 * full keys found. Directories appear as common prefixes (with delimiter {@code /}) even when
 * empty, since a directory is the prefix (DESIGN §2). Reserved root entries ({@link
 * dev.estuary.dfs.ReservedNames}, the multipart area among them) are never listed, not even when
 * the prefix or the resume point lies inside one: the volume's reserved-names decorator hides them.
 * Through a {@link CheckedVolume}, subdirectories the caller may not list and search are skipped;
 * the directory the listing starts in must be listable (else AccessDenied).
 */
final class KeyWalker {

  /** One listed item: an object or a common prefix. */
  sealed interface Item permits Obj, Prefix {
    /**
     * Returns the key or prefix: where a listing resumes after this item.
     *
     * @return the key or prefix
     */
    String key();
  }

  /**
   * An object.
   *
   * @param key the key
   * @param attributes its attributes
   */
  record Obj(String key, Attributes attributes) implements Item {}

  /**
   * A common prefix.
   *
   * @param key the prefix
   */
  record Prefix(String key) implements Item {}

  private record Level(String dirKey, DirMerge merge) {}

  private final Volume volume;
  private final String prefix;
  private final @Nullable String delimiter;
  private final String after;
  private final int batch;
  private final ArrayDeque<Level> stack = new ArrayDeque<>();
  private @Nullable String lastPrefix;
  private @Nullable Item peeked;

  /**
   * Starts a walk.
   *
   * @param volume the volume
   * @param prefix only keys starting with this
   * @param delimiter the delimiter, or null
   * @param after only keys (and prefixes) sorting after this; empty for the beginning
   * @param afterIsPrefix whether {@code after} is a common prefix returned before, whose keys are
   *     all skipped
   * @param batch readdir page size
   */
  KeyWalker(Volume volume, String prefix, @Nullable String delimiter, String after,
      boolean afterIsPrefix, int batch) {
    this.volume = volume;
    this.prefix = prefix;
    this.delimiter = delimiter == null || delimiter.isEmpty() ? null : delimiter;
    this.after = after;
    this.batch = batch;
    this.lastPrefix = afterIsPrefix ? after : null;
    int slash = prefix.lastIndexOf('/');
    String dirKey = prefix.substring(0, slash + 1);
    String namePrefix = prefix.substring(slash + 1);
    Optional<ObjectId> dir = resolveDir(dirKey);
    if (dir.isPresent()) {
      String bound = Utf8Order.compare(after, prefix) > 0 ? after : prefix;
      if (!bound.startsWith(dirKey)) {
        return; // the resume point is past everything under the prefix's directory
      }
      stack.push(level(dir.get(), dirKey, bound, namePrefix));
      if (namePrefix.isEmpty() && !dirKey.isEmpty() && Utf8Order.compare(dirKey, after) > 0
          && (lastPrefix == null || !dirKey.startsWith(lastPrefix))) {
        // The prefix names a directory ("photos/"): a folder marker there is the first key.
        Attributes a = volume.getAttributes(dir.get());
        if (Store.isFolderMarker(volume, a)) {
          peeked = new Obj(dirKey, a);
        }
      }
    }
  }

  /** The directory's attributes when it is a folder marker ({@link Store#isFolderMarker}). */
  private @Nullable Attributes folderMarker(DirEntry e) {
    Attributes a = e.attributes() != null ? e.attributes() : volume.getAttributes(e.id());
    return Store.isFolderMarker(volume, a) ? a : null;
  }

  private Optional<ObjectId> resolveDir(String dirKey) {
    if (dirKey.isEmpty()) {
      return Optional.of(volume.root());
    }
    List<String> segs = List.of(dirKey.substring(0, dirKey.length() - 1).split("/", -1));
    for (String s : segs) {
      if (s.isEmpty() || s.equals(".") || s.equals("..")) {
        return Optional.empty();
      }
    }
    try {
      return Store.directory(volume, segs).map(Attributes::id);
    } catch (DfsException e) {
      return Optional.empty();
    }
  }

  /**
   * Opens a directory positioned at {@code bound} (inclusive; exclusive filtering happens later).
   */
  private Level level(ObjectId dir, String dirKey, String bound, String namePrefix) {
    String rest = bound.startsWith(dirKey) ? bound.substring(dirKey.length()) : "";
    int slash = rest.indexOf('/');
    String first = slash < 0 ? rest : rest.substring(0, slash);
    Map<String, DirEntry> seeds = new HashMap<>();
    DirCursor from = DirCursor.START;
    if (!first.isEmpty()) {
      // Names before `first` whose directory keys (name + "/") still sort at or after it: only
      // proper prefixes p of `first` followed by a character below '/' qualify.
      for (int i = 1; i <= first.length(); i++) {
        if (i < first.length() && first.charAt(i) >= '/') {
          continue;
        }
        if (i < first.length() && Character.isLowSurrogate(first.charAt(i))) {
          continue;
        }
        String p = first.substring(0, i);
        seed(dir, p, seeds, i == first.length());
      }
      from = volume.cursorAfter(first);
    }
    String np = namePrefix;
    DirMerge merge = new DirMerge(volume, dir, from, batch,
        np.isEmpty() ? n -> false : n -> !n.startsWith(np) && Utf8Order.compare(n, np) > 0,
        seeds);
    return new Level(dirKey, merge);
  }

  private void seed(ObjectId dir, String name, Map<String, DirEntry> seeds, boolean filesToo) {
    try {
      Attributes a = volume.lookup(dir, name);
      if (a.isDirectory()) {
        seeds.put(name + "/", new DirEntry(name, a.id(), ObjectType.DIRECTORY, DirEntry.NO_POSITION, a));
      } else if (filesToo && a.isFile()) {
        seeds.put(name, new DirEntry(name, a.id(), ObjectType.FILE, DirEntry.NO_POSITION, a));
      }
    } catch (DfsException e) {
      if (e.kind() != ErrorKind.NOT_FOUND && e.kind() != ErrorKind.INVALID_ARGUMENT
          && e.kind() != ErrorKind.NAME_TOO_LONG) {
        throw e;
      }
    }
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

  /**
   * Collects up to {@code max} items.
   *
   * @param max the most items
   * @return the items
   */
  List<Item> take(int max) {
    List<Item> out = new ArrayList<>();
    while (out.size() < max && hasNext()) {
      out.add(next());
    }
    return out;
  }

  private @Nullable Item advance() {
    while (!stack.isEmpty()) {
      Level top = stack.peek();
      DirEntry e = top.merge().next();
      if (e == null) {
        stack.pop();
        continue;
      }
      if (e.type() == ObjectType.DIRECTORY) {
        String k = top.dirKey() + e.name() + "/";
        if (lastPrefix != null && k.startsWith(lastPrefix)) {
          continue;
        }
        if (!k.startsWith(prefix) && !prefix.startsWith(k)) {
          continue;
        }
        String cp = commonPrefix(k, true);
        if (cp != null) {
          if (cp.equals(lastPrefix)) {
            continue;
          }
          if (!after.isEmpty() && Utf8Order.compare(cp, after) <= 0
              && (!after.startsWith(cp) || !hasKeysAfter(cp))) {
            // The prefix sorts before the resume point; it still counts when some key under it
            // sorts after (start-after inside the prefix).
            continue;
          }
          lastPrefix = cp;
          return new Prefix(cp);
        }
        if (Utf8Order.compare(k, after) <= 0 && !after.startsWith(k)) {
          continue;
        }
        // A folder marker lists as the object "dir/" right before the keys under it.
        Attributes marker = k.startsWith(prefix) && Utf8Order.compare(k, after) > 0
            ? folderMarker(e) : null;
        if (mayDescend(e)) {
          String bound = after.startsWith(k) ? after : "";
          stack.push(level(e.id(), k, bound, ""));
        }
        if (marker != null) {
          return new Obj(k, marker);
        }
      } else if (e.type() == ObjectType.FILE) {
        String k = top.dirKey() + e.name();
        if (!k.startsWith(prefix) || Utf8Order.compare(k, after) <= 0
            || lastPrefix != null && k.startsWith(lastPrefix)) {
          continue;
        }
        String cp = commonPrefix(k, false);
        if (cp != null) {
          if (cp.equals(lastPrefix)) {
            continue;
          }
          lastPrefix = cp;
          return new Prefix(cp);
        }
        Attributes a = e.attributes();
        if (a == null) {
          a = volume.getAttributes(e.id());
        }
        return new Obj(k, a);
      }
    }
    return null;
  }

  /**
   * Whether the caller may list and search a subdirectory. One they may not is left out of the
   * walk (as {@code find} skips what it cannot read), so a private directory does not fail the
   * listing of the rest; with a delimiter it still shows as a common prefix, which is a name in a
   * directory they may list.
   */
  private boolean mayDescend(DirEntry e) {
    if (!(volume instanceof CheckedVolume checked)) {
      return true;
    }
    Attributes a = e.attributes() != null ? e.attributes() : volume.getAttributes(e.id());
    return checked.mayDescend(a);
  }

  private boolean hasKeysAfter(String cp) {
    return new KeyWalker(volume, cp, null, after, false, 16).hasNext();
  }

  /**
   * Returns the common prefix a key (or a directory's key prefix) falls under, if any.
   */
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
