package dev.estuary.nfs.internal.rpc;

import java.util.List;

/** The credential a call carried, after {@link RpcMessages#decodeCredential} accepted it. */
public sealed interface RpcCredential {
    /** AUTH_NONE: no identity (the handler maps it to the anonymous user). */
    record None() implements RpcCredential {
    }

    /** AUTH_SYS: uid, gid and up to 16 supplementary groups, as the client asserts them (RFC 5531 Appendix A). */
    record Sys(int uid, int gid, List<Integer> gids) implements RpcCredential {
        /** Copies the groups. */
        public Sys {
            gids = List.copyOf(gids);
        }
    }
}
