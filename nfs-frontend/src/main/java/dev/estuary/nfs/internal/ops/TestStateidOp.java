package dev.estuary.nfs.internal.ops;

import dev.estuary.nfs.internal.codec.NfsArgs;
import dev.estuary.nfs.internal.codec.NfsResult;
import dev.estuary.nfs.internal.codec.NfsStatus;
import dev.estuary.nfs.internal.codec.Types.Stateid;
import dev.estuary.nfs.internal.state.NfsClient;
import java.util.ArrayList;
import java.util.List;

/**
 * TEST_STATEID (RFC 8881 §18.48): the status of each stateid for the session's client, as I/O with it would
 * see it: OK, NFS4ERR_BAD_STATEID (never issued to this client, closed, freed, or a special stateid: the
 * current stateid has no meaning here, §16.2.3.1.2), NFS4ERR_OLD_STATEID, NFS4ERR_STALE_STATEID. The
 * operation itself succeeds.
 */
public final class TestStateidOp implements Operation<NfsArgs.TestStateid> {
    @Override
    public NfsResult execute(OpContext ctx, NfsArgs.TestStateid args) throws NfsException {
        NfsClient client = StateOps.client(ctx);
        List<NfsStatus> out = new ArrayList<>(args.stateids().size());
        for (Stateid s : args.stateids()) {
            out.add(SpecialStateids.kind(s) == SpecialStateids.Kind.REGULAR ? ctx.services().state().test(client, s)
                    : NfsStatus.BAD_STATEID);
        }
        return NfsResult.ok(args.op(), new NfsResult.TestStateidOk(out));
    }
}
