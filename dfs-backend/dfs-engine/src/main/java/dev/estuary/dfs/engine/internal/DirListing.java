package dev.estuary.dfs.engine.internal;

import dev.estuary.dfs.DfsException;
import dev.estuary.dfs.DirCursor;
import dev.estuary.dfs.DirEntry;
import dev.estuary.dfs.DirPage;
import dev.estuary.dfs.DirPositionPage;
import dev.estuary.dfs.ErrorKind;
import dev.estuary.dfs.Limits;
import dev.estuary.dfs.ObjectId;
import dev.estuary.dfs.ObjectType;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.NavigableMap;
import java.util.concurrent.ConcurrentSkipListMap;
import org.jspecify.annotations.Nullable;

/**
 * Directory listings of one volume. Entries are keyed {@code parent id + UTF-8 name}, so a listing
 * is a sorted prefix scan in UTF-8 byte order, and a cursor is the last name returned: resuming
 * seeks to the first key after it, which survives inserts, removals and restarts ({@link
 * DirCursor}). Directories up to {@link MetaCache#MAX_LISTED_DIRECTORY} entries are listed from a
 * cached sorted map kept current by every commit; larger ones are scanned in RocksDB. Listings in
 * position order ({@link #readdirByPosition}) scan the {@code positions} column family from one
 * seek.
 */
final class DirListing {
  /** Leading byte of a cursor's stored form, so that the format can evolve. */
  private static final byte CURSOR_V1 = 1;

  private final EngineVolume volume;
  private final EngineDfs dfs;
  private final MetaStore store;

  DirListing(EngineVolume volume) {
    this.volume = volume;
    this.dfs = volume.dfs;
    this.store = volume.store;
  }

  static DirCursor cursorAfter(String name) {
    byte[] n = name.getBytes(StandardCharsets.UTF_8);
    byte[] b = new byte[n.length + 1];
    b[0] = CURSOR_V1;
    System.arraycopy(n, 0, b, 1, n.length);
    return DirCursor.fromBytes(b);
  }

  DirPage readdir(ObjectId dirId, DirCursor from, int maxEntries, boolean withAttributes) {
    if (maxEntries < 1 || maxEntries > Limits.MAX_READDIR_ENTRIES) {
      throw new DfsException(ErrorKind.INVALID_ARGUMENT,
          "maxEntries: " + maxEntries + " (expected: 1 to " + Limits.MAX_READDIR_ENTRIES + ")");
    }
    volume.checkId(dirId);
    dfs.flushPending(); // a scan of RocksDB must see a deferred create (Txn#defer)
    Inode dirInode = volume.namespace.dir(dirId);
    byte[] prefix = Codec.idKey(dirId);
    byte[] after = null;
    if (!from.isStart()) {
      byte[] c = from.toBytes();
      if (c[0] != CURSOR_V1) {
        throw new DfsException(ErrorKind.INVALID_ARGUMENT, "cursor: " + from + " (expected: one from this engine)");
      }
      after = Arrays.copyOfRange(c, 1, c.length);
    }
    List<String> names = new ArrayList<>();
    List<ObjectId> ids = new ArrayList<>();
    List<ObjectType> types = new ArrayList<>();
    List<Long> positions = new ArrayList<>();
    byte[] lastName = null;
    boolean end;
    // From a scan of RocksDB with attributes: each entry's copy of its inode (Codec#encodeEntry).
    List<@Nullable Inode> copies = null;
    NavigableMap<byte[], MetaCache.Listed> listing = dfs.cache.listing(dirId);
    if (listing == null && dfs.cache.enabled() && dirInode.size() <= MetaCache.MAX_LISTED_DIRECTORY) {
      listing = loadListing(dirId, prefix);
    }
    if (listing != null) {
      // A listing is a consistent view: the cached one is kept current by every commit, and a
      // fresh one was read from one RocksDB iterator (an implicit snapshot).
      NavigableMap<byte[], MetaCache.Listed> tail = after == null ? listing : listing.tailMap(after, false);
      var it = tail.entrySet().iterator();
      while (it.hasNext() && names.size() < maxEntries) {
        var e = it.next();
        MetaCache.Listed l = e.getValue();
        names.add(l.name());
        ids.add(l.entry().id());
        types.add(l.entry().type());
        positions.add(l.entry().position());
        lastName = e.getKey();
      }
      end = !it.hasNext();
    } else {
      byte[] start;
      if (after == null) {
        start = prefix;
      } else {
        // The smallest key after prefix + name: resume strictly after the last name returned.
        start = new byte[prefix.length + after.length + 1];
        System.arraycopy(prefix, 0, start, 0, prefix.length);
        System.arraycopy(after, 0, start, prefix.length, after.length);
      }
      copies = withAttributes ? new ArrayList<>() : null;
      byte[] head = new byte[Codec.ENTRY_BYTES];
      try (MetaStore.BoundedIterator it = store.iterator(store.entries, prefix)) {
        it.seek(start);
        byte[] lastKey = null;
        while (it.valid() && names.size() < maxEntries) {
          byte[] key = it.key();
          String name = Codec.keyName(key);
          MetaCache.Entry e;
          if (copies != null) {
            byte[] value = it.value();
            e = Codec.decodeEntry(value);
            copies.add(Codec.decodeEntryInode(dirId, name, value));
          } else {
            // Names only: copy the entry part, not the inode copy behind it.
            e = Codec.decodeEntryHead(head, it.value(head));
          }
          names.add(name);
          ids.add(e.id());
          types.add(e.type());
          positions.add(e.position());
          lastKey = key;
          it.next();
        }
        end = !it.valid();
        if (lastKey != null) {
          lastName = Arrays.copyOfRange(lastKey, prefix.length, lastKey.length);
        }
      }
    }
    List<DirEntry> entries = new ArrayList<>(names.size());
    if (withAttributes) {
      Inode[] inodes = copies == null ? inodes(ids) : fromCopies(ids, copies);
      for (int i = 0; i < names.size(); i++) {
        Inode inode = inodes[i];
        if (inode != null) {
          entries.add(new DirEntry(names.get(i), ids.get(i), types.get(i), positions.get(i),
              volume.attributes(inode)));
        }
      }
    } else {
      for (int i = 0; i < names.size(); i++) {
        entries.add(new DirEntry(names.get(i), ids.get(i), types.get(i), positions.get(i), null));
      }
    }
    DirCursor next = from;
    if (lastName != null) {
      byte[] c = new byte[lastName.length + 1];
      c[0] = CURSOR_V1;
      System.arraycopy(lastName, 0, c, 1, lastName.length);
      next = DirCursor.fromBytes(c);
    }
    return new DirPage(entries, next, end);
  }

  /**
   * The inodes of a page's entries (null where gone since): from the cache, and those it misses
   * with one RocksDB {@code MultiGet} (which sorts the keys) rather than a point read each. A listing of a
   * volume larger than the cache (the dataset service's scan of 10 million files) misses on
   * nearly every entry; one batched read per page shares the index and data block lookups of
   * neighbouring keys and the JNI crossing, where point reads paid them per entry.
   */
  private @Nullable Inode[] inodes(List<ObjectId> ids) {
    @Nullable Inode[] out = new Inode[ids.size()];
    List<byte[]> keys = new ArrayList<>();
    List<Integer> missed = new ArrayList<>();
    long gen = dfs.cache.generation();
    for (int i = 0; i < out.length; i++) {
      Inode cached = dfs.cache.inode(ids.get(i));
      if (cached != null) {
        out[i] = cached;
      } else {
        missed.add(i);
        keys.add(Codec.idKey(ids.get(i)));
      }
    }
    if (keys.size() == 1) {
      out[missed.get(0)] = volume.storedInode(ids.get(missed.get(0)));
    } else if (!keys.isEmpty()) {
      List<byte[]> values = store.multiGet(store.inodes, keys);
      for (int j = 0; j < values.size(); j++) {
        byte[] v = values.get(j);
        if (v != null) {
          int i = missed.get(j);
          Inode inode = Codec.decodeInode(ids.get(i), v);
          if (dfs.cache.seenBefore(inode.id())) {
            dfs.cache.fillInode(gen, inode);
          }
          out[i] = inode;
        }
      }
    }
    return out;
  }

  /**
   * The inodes of a page scanned from RocksDB: the copies its entries carry (one pass, no read by
   * id), except where a deferred change pinned a newer one or an entry has no copy.
   */
  private @Nullable Inode[] fromCopies(List<ObjectId> ids, List<@Nullable Inode> copies) {
    @Nullable Inode[] out = new Inode[ids.size()];
    for (int i = 0; i < out.length; i++) {
      Inode copy = copies.get(i);
      Inode pinned = dfs.cache.pinned(ids.get(i));
      out[i] = pinned != null ? pinned : copy != null ? copy : volume.storedInode(ids.get(i));
    }
    return out;
  }

  DirPositionPage readdirByPosition(ObjectId dirId, long afterPosition, int maxEntries,
      boolean withAttributes) {
    if (maxEntries < 1 || maxEntries > Limits.MAX_READDIR_ENTRIES) {
      throw new DfsException(ErrorKind.INVALID_ARGUMENT,
          "maxEntries: " + maxEntries + " (expected: 1 to " + Limits.MAX_READDIR_ENTRIES + ")");
    }
    if (afterPosition < 0) {
      throw new DfsException(ErrorKind.INVALID_ARGUMENT,
          "position: " + afterPosition + " (expected: 0 to " + Long.MAX_VALUE + ")");
    }
    volume.checkId(dirId);
    dfs.flushPending(); // a scan of RocksDB must see a deferred create (Txn#defer)
    volume.namespace.dir(dirId);
    if (afterPosition == Long.MAX_VALUE) {
      return new DirPositionPage(List.of(), afterPosition, true);
    }
    List<DirEntry> entries = new ArrayList<>();
    long last = afterPosition;
    boolean end;
    // One iterator, one seek, an implicit snapshot: the page is one consistent view.
    try (MetaStore.BoundedIterator it = store.iterator(store.positions, Codec.idKey(dirId))) {
      it.seek(Codec.positionKey(dirId, afterPosition + 1));
      while (it.valid() && entries.size() < maxEntries) {
        byte[] value = it.value();
        entries.add(new DirEntry(Codec.positionedName(value), Codec.readId(value, 0),
            Codec.entryType(value), Codec.getLong(it.key(), 16), null));
        it.next();
      }
      end = !it.valid();
    }
    if (!entries.isEmpty()) {
      last = entries.getLast().position();
    }
    if (withAttributes) {
      List<DirEntry> filled = new ArrayList<>(entries.size());
      for (DirEntry e : entries) {
        Inode inode = volume.storedInode(e.id());
        // An entry removed since the scan is left out; the page still covers its position.
        if (inode != null) {
          filled.add(new DirEntry(e.name(), e.id(), e.type(), e.position(), volume.attributes(inode)));
        }
      }
      entries = filled;
    }
    return new DirPositionPage(entries, last, end);
  }

  /** Reads a whole directory into a sorted listing and offers it to the cache. */
  private NavigableMap<byte[], MetaCache.Listed> loadListing(ObjectId dirId, byte[] prefix) {
    long gen = dfs.cache.generation();
    ConcurrentSkipListMap<byte[], MetaCache.Listed> listing = MetaCache.newListing();
    byte[] head = new byte[Codec.ENTRY_BYTES];
    try (MetaStore.BoundedIterator it = store.iterator(store.entries, prefix)) {
      for (it.seekToFirst(); it.valid(); it.next()) {
        byte[] key = it.key();
        listing.put(Arrays.copyOfRange(key, prefix.length, key.length),
            new MetaCache.Listed(Codec.keyName(key), Codec.decodeEntryHead(head, it.value(head))));
      }
    }
    dfs.cache.fillListing(gen, dirId, listing);
    return listing;
  }
}
