package dev.estuary.nfs.internal.ops;

import dev.estuary.nfs.internal.codec.Bytes;
import dev.estuary.nfs.internal.codec.NfsArgs;
import dev.estuary.nfs.internal.codec.NfsResult;
import dev.estuary.nfs.internal.codec.NfsStatus;
import java.util.ArrayList;
import java.util.List;

/**
 * LISTXATTRS (RFC 8276 §8.4.3): the names of the current object's xattrs ({@link UserXattrs}), in the
 * backend's sorted order, from a cookie, as many as fit in lxa_maxcount bytes of LISTXATTRS4resok (the cookie,
 * the array's count, each name with its length and padding, eof). The cookie is the number of names before
 * the page, as Linux's server makes it: a name added or removed meanwhile may shift a later page by one, a
 * cookie beyond the names is NFS4ERR_BADCOOKIE, and a maxcount too small for the first name is
 * NFS4ERR_TOOSMALL. The pseudo-root has no xattrs.
 */
public final class ListXattrsOp implements Operation<NfsArgs.ListXattrs> {
    /** lxr_cookie (8), the names' count (4) and lxr_eof (4). */
    private static final int FIXED = 16;

    @Override
    public NfsResult execute(OpContext ctx, NfsArgs.ListXattrs args) throws NfsException {
        List<String> names = switch (ctx.current()) {
            case FileRef.PseudoRoot r -> List.of();
            case FileRef.InVolume v -> UserXattrs.clientNames(ctx.view(v.volume()).listXattrs(v.id()));
        };
        long cookie = args.cookie();
        if (cookie < 0 || cookie > names.size()) {
            throw new NfsException(NfsStatus.BAD_COOKIE, "lxa_cookie: " + Long.toUnsignedString(cookie)
                    + " (expected: 0.." + names.size() + ", the object's xattr count)");
        }
        long room = Integer.toUnsignedLong(args.maxCount()) - FIXED;
        List<Bytes> page = new ArrayList<>();
        int next = (int) cookie;
        while (next < names.size()) {
            Bytes n = Bytes.utf8(names.get(next));
            long size = 4 + ((n.length() + 3L) & ~3L);
            if (size > room) {
                break;
            }
            room -= size;
            page.add(n);
            next++;
        }
        boolean eof = next == names.size();
        if (page.isEmpty() && !eof) {
            throw new NfsException(NfsStatus.TOOSMALL, "lxa_maxcount: " + Integer.toUnsignedString(args.maxCount())
                    + " (expected: room for " + FIXED + " bytes and the name '" + names.get(next) + "')");
        }
        if (room < 0) {
            throw new NfsException(NfsStatus.TOOSMALL, "lxa_maxcount: " + Integer.toUnsignedString(args.maxCount())
                    + " (expected: at least " + FIXED + ")");
        }
        return NfsResult.ok(args.op(), new NfsResult.ListXattrsOk(next, page, eof));
    }
}
