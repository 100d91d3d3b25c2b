package dev.estuary.nfs.internal.ops;

import dev.estuary.nfs.internal.codec.NfsResult;
import dev.estuary.nfs.internal.codec.Types.SecInfo;
import java.util.List;

/**
 * The security flavors of every export, in preference order: AUTH_SYS, then AUTH_NONE (mapped to the
 * anonymous ids by the export rules). RPCSEC_GSS is refused at the RPC layer until Kerberos exists.
 */
final class SecInfoFlavors {
    /** AUTH_SYS then AUTH_NONE. */
    static final NfsResult.SecInfoOk FLAVORS = new NfsResult.SecInfoOk(List.of(new SecInfo.Flavor(1),
            new SecInfo.Flavor(0)));

    private SecInfoFlavors() {
    }
}
