package dev.estuary.nfs.internal.state;

import dev.estuary.dfs.ShareAccess;
import java.util.EnumSet;
import java.util.Set;

/** The share_access and share_deny bits of OPEN and OPEN_DOWNGRADE (RFC 8881 §18.16.3, §9.7). */
public final class Share {
    /** OPEN4_SHARE_ACCESS_READ (and OPEN4_SHARE_DENY_READ). */
    public static final int READ = 1;
    /** OPEN4_SHARE_ACCESS_WRITE (and OPEN4_SHARE_DENY_WRITE). */
    public static final int WRITE = 2;
    /** OPEN4_SHARE_ACCESS_BOTH (and OPEN4_SHARE_DENY_BOTH). */
    public static final int BOTH = 3;

    private Share() {
    }

    /** @return the backend's set for share bits (READ, WRITE or both) */
    public static Set<ShareAccess> set(int bits) {
        Set<ShareAccess> s = EnumSet.noneOf(ShareAccess.class);
        if ((bits & READ) != 0) {
            s.add(ShareAccess.READ);
        }
        if ((bits & WRITE) != 0) {
            s.add(ShareAccess.WRITE);
        }
        return s;
    }
}
