package dev.estuary.nfs.internal.ops;

import dev.estuary.core.CheckedVolume;
import dev.estuary.dfs.Attributes;
import dev.estuary.dfs.Location;
import dev.estuary.nfs.internal.codec.NfsArgs;
import dev.estuary.nfs.internal.codec.NfsResult;
import dev.estuary.nfs.internal.codec.NfsStatus;

/**
 * LOOKUPP (RFC 8881 §18.14): the parent directory, from the backend's {@code location}. A volume's root
 * goes up to the pseudo-root; the pseudo-root has no parent (NFS4ERR_NOENT). Looking up ".." needs
 * search permission on the directory, as a path walk through it does.
 */
public final class LookupPOp implements Operation<NfsArgs.LookupP> {
    @Override
    public NfsResult execute(OpContext ctx, NfsArgs.LookupP args) throws NfsException {
        FileRef cur = ctx.current();
        switch (cur) {
            case FileRef.PseudoRoot r -> throw new NfsException(NfsStatus.NOENT, "LOOKUPP: the pseudo-root has no parent");
            case FileRef.InVolume v -> {
                CheckedVolume view = ctx.view(v.volume());
                Attributes a = view.getAttributes(v.id());
                LookupOp.requireDirectory(a);
                if (!view.checker().maySearch(view.caller(), a)) {
                    throw new NfsException(NfsStatus.ACCESS, "LOOKUPP: no search permission on " + a.id());
                }
                if (v.isVolumeRoot()) {
                    ctx.setCurrent(new FileRef.PseudoRoot());
                } else {
                    Location loc = view.location(v.id()).orElseThrow(() -> new NfsException(NfsStatus.NOENT,
                            "LOOKUPP: directory " + v.id() + " is not linked anywhere"));
                    ctx.setCurrent(new FileRef.InVolume(v.volume(), v.volumeRoot(), loc.parent()));
                }
            }
        }
        return NfsResult.of(args.op(), NfsStatus.OK);
    }
}
