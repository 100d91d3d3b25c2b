package dev.estuary.nfs.internal.ops;

import dev.estuary.core.AccessChecker;
import dev.estuary.core.Caller;
import dev.estuary.core.CheckedVolume;
import dev.estuary.core.Permission;
import dev.estuary.core.PosixAccess;
import dev.estuary.dfs.Attributes;
import dev.estuary.nfs.internal.codec.NfsArgs;
import dev.estuary.nfs.internal.codec.NfsResult;

/**
 * ACCESS (RFC 8881 §18.1): which of the asked rights the caller has on the current object, decided by
 * the core's POSIX checker with the caller's effective (squashed) ids and the export's grant, so the
 * answer matches what the operations will allow. At minor version 2 with a backend that keeps xattrs, the
 * RFC 8276 bits (ACCESS4_XAREAD, XAWRITE, XALIST) are supported too, since the Linux client checks them
 * before every xattr call: XAREAD as GETXATTR checks it (read permission), XAWRITE as SETXATTR and
 * REMOVEXATTR do (write permission), XALIST as LISTXATTRS does (the grant only).
 */
public final class AccessOp implements Operation<NfsArgs.Access> {
    /** ACCESS4_READ. */
    public static final int READ = 0x1;
    /** ACCESS4_LOOKUP. */
    public static final int LOOKUP = 0x2;
    /** ACCESS4_MODIFY. */
    public static final int MODIFY = 0x4;
    /** ACCESS4_EXTEND. */
    public static final int EXTEND = 0x8;
    /** ACCESS4_DELETE. */
    public static final int DELETE = 0x10;
    /** ACCESS4_EXECUTE. */
    public static final int EXECUTE = 0x20;
    /** ACCESS4_XAREAD (RFC 8276). */
    public static final int XAREAD = 0x40;
    /** ACCESS4_XAWRITE. */
    public static final int XAWRITE = 0x80;
    /** ACCESS4_XALIST. */
    public static final int XALIST = 0x100;
    private static final int KNOWN = READ | LOOKUP | MODIFY | EXTEND | DELETE | EXECUTE;
    private static final int XATTR_BITS = XAREAD | XAWRITE | XALIST;

    @Override
    public NfsResult execute(OpContext ctx, NfsArgs.Access args) throws NfsException {
        int known = ctx.minorVersion() >= 2 && Attrs.xattrSupport(ctx) ? KNOWN | XATTR_BITS : KNOWN;
        int supported = args.access() & known;
        int allowed;
        switch (ctx.current()) {
            // The pseudo-root is read-only: it can be listed and walked, never changed; it has no xattrs to read.
            case FileRef.PseudoRoot r -> allowed = supported & (READ | LOOKUP | EXECUTE | XAREAD | XALIST);
            case FileRef.InVolume v -> {
                CheckedVolume view = ctx.view(v.volume());
                allowed = supported & rights(view.checker(), view.caller(), view.getAttributes(v.id()));
            }
        }
        return NfsResult.ok(args.op(), new NfsResult.AccessOk(supported, allowed));
    }

    private static int rights(AccessChecker checker, Caller c, Attributes a) {
        int r = 0;
        r |= checker.mayRead(c, a) ? XAREAD : 0;
        r |= checker.mayWrite(c, a) ? XAWRITE : 0;
        r |= c.granted(Permission.READ) ? XALIST : 0;
        if (a.isDirectory()) {
            r |= checker.mayList(c, a) ? READ : 0;
            r |= checker.maySearch(c, a) ? LOOKUP | EXECUTE : 0;
            r |= checker.mayCreateIn(c, a) ? MODIFY | EXTEND | DELETE : 0;
        } else {
            r |= checker.mayRead(c, a) ? READ : 0;
            r |= checker.mayWrite(c, a) ? MODIFY | EXTEND : 0;
            boolean exec = c.granted(Permission.READ) && (c.root() ? (a.mode() & 0111) != 0
                    : PosixAccess.permits(a, c.uid(), c.gids(), PosixAccess.EXECUTE));
            r |= exec ? EXECUTE : 0;
        }
        return r;
    }
}
