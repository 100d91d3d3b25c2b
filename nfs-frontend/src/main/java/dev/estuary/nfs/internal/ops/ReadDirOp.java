package dev.estuary.nfs.internal.ops;

import dev.estuary.core.CheckedVolume;
import dev.estuary.dfs.Attributes;
import dev.estuary.dfs.DfsException;
import dev.estuary.dfs.DirPositionPage;
import dev.estuary.dfs.Limits;
import dev.estuary.dfs.VolumeInfo;
import dev.estuary.nfs.internal.codec.Bitmap;
import dev.estuary.nfs.internal.codec.Bytes;
import dev.estuary.nfs.internal.codec.FileAttr;
import dev.estuary.nfs.internal.codec.FileAttrs;
import dev.estuary.nfs.internal.codec.NfsArgs;
import dev.estuary.nfs.internal.codec.NfsResult;
import dev.estuary.nfs.internal.codec.NfsStatus;
import dev.estuary.nfs.internal.codec.Types.DirEntry;
import dev.estuary.nfs.internal.codec.Types.Fattr4;
import dev.estuary.nfs.internal.state.Session;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * READDIR (RFC 8881 §18.23). Cookies are the backend's directory positions ({@code readdirByPosition}):
 * they never change meaning and survive restarts, so the cookie verifier is a constant and a listing
 * resumed after any change returns each entry that stayed exactly once. Cookies 1 and 2 are reserved
 * (the client makes "." and ".." itself, notes/nfs.md §2.1): NFS4ERR_BAD_COOKIE; a foreign verifier with
 * a cookie is NFS4ERR_NOT_SAME. The reply holds as many entries as fit in maxcount (the whole
 * READDIR4resok, capped by the session's response size) and, when dircount is not 0, whose cookie and
 * name fit in dircount; not even one entry fitting is NFS4ERR_TOOSMALL. An entry whose attributes cannot
 * be read carries rdattr_error when asked, else fails the READDIR (§18.23.3). In the pseudo-root the
 * entries are the volumes this client may mount, cookie = the fileid of their mount point, and their
 * attributes are those of the volume's root (mounted_on_fileid tells the two apart, §5.8.2.23).
 */
public final class ReadDirOp implements Operation<NfsArgs.ReadDir> {
    /** The cookie verifier of every directory (cookies never change meaning). */
    public static final Bytes VERIFIER = Bytes.utf8("estuary1");
    /** READDIR4resok without entries: the verifier, the list's final FALSE and eof. */
    private static final int FIXED = 8 + 4 + 4;
    /** The operation number and status before READDIR4resok in the reply. */
    private static final int RESULT_HEADER = 8;
    /** Entries asked from the backend at once. */
    private static final int BATCH = 256;

    @Override
    public NfsResult execute(OpContext ctx, NfsArgs.ReadDir args) throws NfsException {
        FileRef cur = ctx.current();
        long cookie = args.cookie();
        if (cookie == 1 || cookie == 2) {
            throw new NfsException(NfsStatus.BAD_COOKIE, "cookie: " + cookie + " (expected: 0 or a cookie this"
                    + " server returned; 1 and 2 are reserved)");
        }
        if (cookie != 0 && !args.cookieVerf().equals(VERIFIER)) {
            throw new NfsException(NfsStatus.NOT_SAME, "cookieverf: " + args.cookieVerf() + " (expected: "
                    + VERIFIER + ", the verifier this server returns)");
        }
        Bitmap request = args.attrRequest();
        if (Attrs.intersects(request, Attrs.WRITE_ONLY)) {
            throw new NfsException(NfsStatus.INVAL, "attr_request: " + request + " (expected: no write-only attribute)");
        }
        long max = args.maxCount() & 0xffffffffL;
        Session session = ctx.session();
        if (session != null) {
            max = Math.min(max, session.foreChannel().maxResponseSize() - RESULT_HEADER - 512L);
        }
        Page page = new Page(max - FIXED, args.dirCount() & 0xffffffffL);
        boolean eof = switch (cur) {
            case FileRef.PseudoRoot r -> pseudoRoot(ctx, cookie, request, page);
            case FileRef.InVolume v -> volume(ctx, v, cookie, request, page);
        };
        if (page.entries.isEmpty() && !eof) {
            throw new NfsException(NfsStatus.TOOSMALL, "maxcount: " + args.maxCount() + ", dircount: "
                    + args.dirCount() + " (expected: room for at least one entry)");
        }
        return NfsResult.ok(args.op(), new NfsResult.ReadDirOk(VERIFIER, page.entries, eof));
    }

    /** @return eof */
    private static boolean pseudoRoot(OpContext ctx, long cookie, Bitmap request, Page page) throws NfsException {
        List<VolumeInfo> volumes = new ArrayList<>(ctx.services().exports().mountable(ctx.call()));
        volumes.sort(Comparator.comparingLong(v -> Attrs.mountPointFileId(v.root())));
        for (VolumeInfo v : volumes) {
            long c = Attrs.mountPointFileId(v.root());
            if (c <= cookie && cookie != 0) {
                continue;
            }
            FileRef.InVolume root = new FileRef.InVolume(v.name(), v.root(), v.root());
            Fattr4 attrs;
            try {
                Attributes a = ctx.view(v.name()).getAttributes(v.root());
                attrs = Attrs.values(ctx, Attrs.source(ctx, root, a), request).encode();
            } catch (DfsException e) {
                attrs = attrError(request, NfsErrors.status(e.kind()), e.getMessage());
            } catch (NfsException e) {
                attrs = attrError(request, e.status(), e.getMessage());
            }
            if (!page.add(new DirEntry(c, Bytes.utf8(v.name()), attrs))) {
                return false;
            }
        }
        return true;
    }

    /** @return eof */
    private static boolean volume(OpContext ctx, FileRef.InVolume dir, long cookie, Bitmap request, Page page)
            throws NfsException {
        CheckedVolume view = ctx.view(dir.volume());
        Attributes d = view.getAttributes(dir.id());
        LookupOp.requireDirectory(d);
        // Attributes of the entries need search permission as well as read (CheckedVolume#readdir); a
        // directory that may be listed but not searched lists names with rdattr_error.
        boolean withAttributes = view.checker().maySearch(view.caller(), d);
        long after = cookie;
        while (true) {
            int batch = (int) Math.max(1, Math.min(BATCH, Math.min(Limits.MAX_READDIR_ENTRIES, page.room() / 24)));
            DirPositionPage p = view.readdirByPosition(dir.id(), after, batch, withAttributes);
            for (dev.estuary.dfs.DirEntry e : p.entries()) {
                Attributes a = e.attributes();
                Fattr4 attrs;
                if (a != null) {
                    FileRef.InVolume ref = new FileRef.InVolume(dir.volume(), dir.volumeRoot(), e.id());
                    attrs = Attrs.values(ctx, Attrs.source(ctx, ref, a), request).encode();
                } else {
                    attrs = attrError(request, NfsStatus.ACCESS, "no search permission on directory " + dir.id());
                }
                if (!page.add(new DirEntry(e.position(), Bytes.utf8(e.name()), attrs))) {
                    return false;
                }
            }
            if (p.end()) {
                return true;
            }
            after = p.last();
        }
    }

    /** rdattr_error alone when asked (§18.23.3), else the whole READDIR fails with the entry's error. */
    private static Fattr4 attrError(Bitmap request, NfsStatus status, String why) throws NfsException {
        if (!request.isSet(FileAttr.RDATTR_ERROR.number())) {
            throw new NfsException(status, "READDIR entry attributes: " + why);
        }
        return FileAttrs.builder().set(FileAttr.RDATTR_ERROR, status).build().encode();
    }

    /** The entries of one reply and the room left. */
    private static final class Page {
        final List<DirEntry> entries = new ArrayList<>();
        private long room;
        private long dirRoom;
        private final boolean dirLimited;

        Page(long room, long dirCount) {
            this.room = room;
            this.dirRoom = dirCount;
            this.dirLimited = dirCount != 0;
        }

        long room() {
            return Math.max(room, 0);
        }

        /** @return false (and nothing added) when the entry does not fit */
        boolean add(DirEntry e) {
            long name = 4 + pad(e.name().length());
            long fattr = 4 + 4L * e.attrs().mask().wordCount() + 4 + pad(e.attrs().values().length());
            long size = 4 + 8 + name + fattr;
            long dirSize = 8 + name;
            if (size > room || (dirLimited && !entries.isEmpty() && dirSize > dirRoom)) {
                return false;
            }
            entries.add(e);
            room -= size;
            dirRoom -= dirSize;
            return true;
        }

        private static long pad(int n) {
            return (n + 3L) & ~3L;
        }
    }
}
