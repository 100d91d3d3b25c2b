package dev.estuary.nfs.internal.ops;

import dev.estuary.nfs.internal.codec.NfsArgs;
import dev.estuary.nfs.internal.codec.NfsResult;
import dev.estuary.nfs.internal.codec.NfsStatus;
import dev.estuary.nfs.internal.codec.Types.CallbackSec;
import dev.estuary.nfs.internal.state.Session;

/**
 * BACKCHANNEL_CTL (RFC 8881 §18.33): replaces the callback program and the security the server is to use
 * on the session's backchannel. The server takes the first flavor of the client's list it can use for
 * callbacks, AUTH_NONE or AUTH_SYS; RPCSEC_GSS callbacks need the GSS context of a Kerberos mount, which
 * this server does not have, so a list of only GSS handles is NFS4ERR_ENCR_ALG_UNSUPP (as knfsd answers).
 * This server grants no delegations and so sends no callbacks today; the parameters are kept on the
 * session for when it does.
 */
public final class BackchannelCtlOp implements Operation<NfsArgs.BackchannelCtl> {
    @Override
    public NfsResult execute(OpContext ctx, NfsArgs.BackchannelCtl args) throws NfsException {
        Session s = ctx.session();
        if (s == null) {
            throw new NfsException(NfsStatus.OP_NOT_IN_SESSION, "BACKCHANNEL_CTL outside a session");
        }
        CallbackSec chosen = null;
        for (CallbackSec sec : args.secParms()) {
            if (sec instanceof CallbackSec.None || sec instanceof CallbackSec.Sys) {
                chosen = sec;
                break;
            }
        }
        if (chosen == null) {
            throw new NfsException(NfsStatus.ENCR_ALG_UNSUPP, "bca_sec_parms: " + args.secParms().size()
                    + " RPCSEC_GSS entries (expected: at least one AUTH_NONE or AUTH_SYS entry)");
        }
        s.setBackchannel(new Session.Backchannel(args.cbProgram(), chosen));
        return NfsResult.of(args.op(), NfsStatus.OK);
    }
}
