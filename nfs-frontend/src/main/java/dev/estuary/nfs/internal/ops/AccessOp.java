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
 * answer matches what the operations will allow. The RFC 8276 xattr bits are not supported yet (no
 * xattr operations) and are left out of {@code supported}.
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
    private static final int KNOWN = READ | LOOKUP | MODIFY | EXTEND | DELETE | EXECUTE;

    @Override
    public NfsResult execute(OpContext ctx, NfsArgs.Access args) throws NfsException {
        int supported = args.access() & KNOWN;
        int allowed;
        switch (ctx.current()) {
            // The pseudo-root is read-only: it can be listed and walked, never changed.
            case FileRef.PseudoRoot r -> allowed = supported & (READ | LOOKUP | EXECUTE);
            case FileRef.InVolume v -> {
                CheckedVolume view = ctx.view(v.volume());
                allowed = supported & rights(view.checker(), view.caller(), view.getAttributes(v.id()));
            }
        }
        return NfsResult.ok(args.op(), new NfsResult.AccessOk(supported, allowed));
    }

    private static int rights(AccessChecker checker, Caller c, Attributes a) {
        int r = 0;
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
