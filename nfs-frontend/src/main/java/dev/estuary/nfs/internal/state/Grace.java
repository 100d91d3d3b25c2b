package dev.estuary.nfs.internal.state;

import dev.estuary.nfs.internal.codec.Bytes;
import dev.estuary.nfs.internal.codec.NfsStatus;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The grace period after a restart and the small stable record it needs (RFC 8881 §8.4.2, §8.4.3): the
 * co_ownerid of every client that holds opens or locks is kept in a file, so that after a restart those
 * clients, and only they, may reclaim their opens (CLAIM_PREVIOUS) and locks (reclaim = true) while no one
 * else may take new ones (NFS4ERR_GRACE). Grace ends after its configured length, or as soon as every
 * client of the record has sent RECLAIM_COMPLETE (§18.51); the clients of the record that did not come back
 * are then dropped from it.
 *
 * <p>The file is one header line and one hex-encoded owner id per line, replaced atomically (written to a
 * temporary file, fsync'ed, renamed over the old one, the directory fsync'ed), so a crash leaves the old or
 * the new record, never a torn one. Without a file nothing survives a restart and there is no grace period.
 * Thread-safe.
 */
public final class Grace {
    private static final Logger LOG = LoggerFactory.getLogger(Grace.class);
    private static final String HEADER = "estuary-nfs-clients 1";
    /** co_ownerid is at most 1024 bytes (NFS4_OPAQUE_LIMIT): a line is at most twice that in hex. */
    private static final int MAX_LINE = 2 * 1024;
    /** A bound on the record's size, checked before reading it: the client table's bound is far below. */
    private static final long MAX_FILE = 64L << 20;

    private final @Nullable Path file;
    private final Clock clock;
    private final Instant end;
    /** Owners of the previous instance that may still reclaim. */
    private final Set<Bytes> reclaimable;
    /** Owners that sent RECLAIM_COMPLETE in this instance. */
    private final Set<Bytes> completed = new HashSet<>();
    /** Owners that hold state in this instance (read without the lock: every OPEN asks). */
    private final Set<Bytes> current = ConcurrentHashMap.newKeySet();
    /** Once true, stays true (read without the lock: every OPEN and LOCK asks). */
    private volatile boolean over;

    /**
     * Reads the record an earlier instance left and starts the grace period.
     *
     * @param file the record, or null for none (no persistence, no grace period)
     * @param length how long grace lasts at most
     * @param clock the time grace is measured with
     * @throws UncheckedIOException when the record exists but cannot be read or is not a record
     */
    public Grace(@Nullable Path file, Duration length, Clock clock) {
        if (length.isNegative()) {
            throw new IllegalArgumentException("grace: " + length + " (expected: zero or more)");
        }
        this.file = file;
        this.clock = clock;
        this.end = clock.instant().plus(length);
        this.reclaimable = file == null ? new HashSet<>() : read(file);
        if (file != null && !reclaimable.isEmpty() && !length.isZero()) {
            LOG.info("NFS grace period of {} for {} client(s) of {}", length, reclaimable.size(), file);
        }
        over = reclaimable.isEmpty() || length.isZero();
        if (over && file != null) {
            write();
        }
    }

    private static Set<Bytes> read(Path file) {
        try {
            if (Files.size(file) > MAX_FILE) {
                throw new IOException("size " + Files.size(file) + " (expected: at most " + MAX_FILE + ")");
            }
            List<String> lines = Files.readAllLines(file, StandardCharsets.US_ASCII);
            if (lines.isEmpty() || !lines.getFirst().equals(HEADER)) {
                throw new IOException("first line: " + (lines.isEmpty() ? "none" : "'" + lines.getFirst() + "'")
                        + " (expected: '" + HEADER + "')");
            }
            Set<Bytes> owners = new LinkedHashSet<>();
            for (String line : lines.subList(1, lines.size())) {
                if (line.isEmpty() || line.length() > MAX_LINE) {
                    throw new IOException("line of " + line.length() + " characters (expected: 1.." + MAX_LINE + ")");
                }
                owners.add(Bytes.of(HexFormat.of().parseHex(line)));
            }
            return owners;
        } catch (NoSuchFileException e) {
            return new HashSet<>();
        } catch (IOException | IllegalArgumentException e) {
            throw new UncheckedIOException(new IOException("NFS client record " + file + ": " + e.getMessage(), e));
        }
    }

    /** @return whether the server is in its grace period now */
    public boolean inGrace() {
        if (over) {
            return false;
        }
        synchronized (this) {
            return !checkOver();
        }
    }

    /**
     * Whether the client with {@code owner} may reclaim now (§8.4.2.1, §18.51.3): NFS4_OK during grace for a
     * client of the previous instance's record before its RECLAIM_COMPLETE; NFS4ERR_NO_GRACE outside grace
     * or after its RECLAIM_COMPLETE; NFS4ERR_RECLAIM_BAD for a client the record does not name (it held
     * nothing to reclaim, as knfsd answers).
     */
    public NfsStatus reclaim(Bytes owner, boolean reclaimComplete) {
        if (!inGrace() || reclaimComplete) {
            return NfsStatus.NO_GRACE;
        }
        synchronized (this) {
            return reclaimable.contains(owner) ? NfsStatus.OK : NfsStatus.RECLAIM_BAD;
        }
    }

    /** Notes the global RECLAIM_COMPLETE of a client: when all of the record did, grace ends. */
    public synchronized void reclaimComplete(Bytes owner) {
        completed.add(owner);
        checkOver();
    }

    /**
     * Records that a client holds state, before the state is granted, so that a restart lets it reclaim.
     *
     * @throws UncheckedIOException when the record cannot be written
     */
    public void record(Bytes owner) {
        if (current.contains(owner)) {
            return;
        }
        synchronized (this) {
            recordLocked(owner);
        }
    }

    private void recordLocked(Bytes owner) {
        if (current.add(owner) && file != null) {
            try {
                write();
            } catch (UncheckedIOException e) {
                current.remove(owner);
                throw e;
            }
        }
    }

    /** Forgets a client whose record is gone (destroyed or expired): it has nothing to reclaim. */
    public synchronized void forget(Bytes owner) {
        boolean changed = current.remove(owner);
        if (!over) {
            changed |= reclaimable.remove(owner);
        }
        if (changed && file != null) {
            try {
                write();
            } catch (UncheckedIOException e) {
                // A client left in the record may reclaim after a restart and finds nothing: harmless.
                LOG.warn("NFS client record {}: {}", file, e.getMessage());
            }
        }
    }

    private boolean checkOver() {
        if (!over && (!clock.instant().isBefore(end) || completed.containsAll(reclaimable))) {
            over = true;
            LOG.info("NFS grace period over: {} of {} client(s) reclaimed", completed.size(), reclaimable.size());
            reclaimable.clear();
            if (file != null) {
                try {
                    write();
                } catch (UncheckedIOException e) {
                    LOG.warn("NFS client record {}: {}", file, e.getMessage());
                }
            }
        }
        return over;
    }

    /** Writes the owners that hold state and, during grace, those that may still reclaim. */
    private void write() {
        Path f = file;
        if (f == null) {
            return;
        }
        // Sorted, so the same clients always make the same file.
        Set<String> all = new TreeSet<>();
        for (Bytes b : reclaimable) {
            all.add(HexFormat.of().formatHex(b.toArray()));
        }
        for (Bytes b : current) {
            all.add(HexFormat.of().formatHex(b.toArray()));
        }
        StringBuilder sb = new StringBuilder(HEADER).append('\n');
        for (String line : all) {
            sb.append(line).append('\n');
        }
        Path tmp = f.resolveSibling(f.getFileName() + ".tmp");
        try {
            Path dir = f.toAbsolutePath().getParent();
            Files.createDirectories(dir);
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                ByteBuffer buf = ByteBuffer.wrap(sb.toString().getBytes(StandardCharsets.US_ASCII));
                while (buf.hasRemaining()) {
                    ch.write(buf);
                }
                ch.force(true);
            }
            try {
                Files.move(tmp, f, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                throw new IOException("atomic rename in " + dir + " (expected: a file system that has it)", e);
            }
            try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
                d.force(true);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(new IOException("NFS client record " + f + ": " + e.getMessage(), e));
        }
    }
}
