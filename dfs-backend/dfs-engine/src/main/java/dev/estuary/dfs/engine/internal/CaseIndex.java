package dev.estuary.dfs.engine.internal;

import dev.estuary.dfs.CaseFolding;
import dev.estuary.dfs.CaseLookup;
import dev.estuary.dfs.DfsException;
import dev.estuary.dfs.DirEntry;
import dev.estuary.dfs.ErrorKind;
import dev.estuary.dfs.Limits;
import dev.estuary.dfs.ObjectId;
import org.jspecify.annotations.Nullable;

/**
 * Case-insensitive lookups of one volume ({@link dev.estuary.dfs.Volume#lookupIgnoreCase}) through
 * the {@code folded} column family: its keys are {@code parent + fold(name) + NUL + name}, so the
 * names of a directory that fold equal are adjacent, in UTF-8 order of the stored names, under one
 * prefix. A lookup is one seek and at most two steps, plus the exact-case entry (usually cached).
 * The index is written with the entries in every namespace batch ({@link Txn#putEntry}).
 */
final class CaseIndex {
  private final EngineVolume volume;
  private final MetaStore store;

  CaseIndex(EngineVolume volume) {
    this.volume = volume;
    this.store = volume.store;
  }

  CaseLookup lookup(ObjectId parent, String name) {
    Limits.checkName(name);
    volume.checkId(parent);
    volume.dfs.flushPending(); // a scan of RocksDB must see a deferred create (Txn#defer)
    byte[] prefix = Codec.foldedPrefix(parent, CaseFolding.fold(name));
    for (int attempt = 0; ; attempt++) {
      String found = null;
      MetaCache.Entry entry = null;
      boolean collision;
      try (MetaStore.BoundedIterator it = store.iterator(store.folded, prefix)) {
        it.seek(prefix);
        if (!it.valid()) {
          volume.namespace.dir(parent);
          throw new DfsException(ErrorKind.NOT_FOUND,
              "name: '" + name + "' in " + parent + " does not exist in any case");
        }
        found = Codec.foldedKeyName(it.key());
        entry = Codec.decodeEntry(it.value());
        it.next();
        collision = it.valid();
      }
      if (collision && !found.equals(name)) {
        // Several names fold equal: the exact-case one wins if it exists.
        MetaCache.Entry exact = volume.entry(parent, name);
        if (exact != null) {
          found = name;
          entry = exact;
        }
      }
      DirEntry result = withAttributes(found, entry);
      if (result != null) {
        return new CaseLookup(result, collision);
      }
      if (attempt > 1000) {
        throw new DfsException(ErrorKind.IO_ERROR,
            "entry '" + found + "' in " + parent + " names missing object " + entry.id());
      }
      // The entry was removed between the two reads: look again.
      Thread.onSpinWait();
    }
  }

  private @Nullable DirEntry withAttributes(String name, MetaCache.Entry entry) {
    Inode inode = volume.storedInode(entry.id());
    if (inode == null) {
      return null;
    }
    return new DirEntry(name, entry.id(), entry.type(), entry.position(), volume.attributes(inode));
  }
}
