package dev.estuary.nfs.internal.ops;

import dev.estuary.core.CheckedVolume;
import dev.estuary.nfs.internal.codec.NfsArgs;
import dev.estuary.nfs.internal.codec.NfsResult;

/**
 * SECINFO (RFC 8881 §18.29): the flavors for a name in the current directory. The name must exist and
 * be reachable (a volume of the pseudo-root the client may mount, an entry the caller may look up). On
 * success the current file handle is consumed (§2.6.3.1.1.8, §18.29.3).
 */
public final class SecInfoOp implements Operation<NfsArgs.SecInfo> {
    @Override
    public NfsResult execute(OpContext ctx, NfsArgs.SecInfo args) throws NfsException {
        FileRef cur = ctx.current();
        switch (cur) {
            case FileRef.PseudoRoot r -> {
                String name = Names.component(args.name());
                ctx.services().exports().dfs().volume(name);
                ctx.view(name);
            }
            case FileRef.InVolume v -> {
                CheckedVolume view = ctx.view(v.volume());
                LookupOp.requireDirectory(view.getAttributes(v.id()));
                view.lookup(v.id(), Names.component(args.name()));
            }
        }
        ctx.setCurrent(null);
        return NfsResult.ok(args.op(), SecInfoFlavors.FLAVORS);
    }
}
