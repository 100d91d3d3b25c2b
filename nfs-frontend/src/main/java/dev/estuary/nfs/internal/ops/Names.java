package dev.estuary.nfs.internal.ops;

import dev.estuary.dfs.Limits;
import dev.estuary.nfs.internal.codec.Bytes;
import dev.estuary.nfs.internal.codec.NfsStatus;
import java.nio.charset.CharacterCodingException;

/** Checks of a component4 name (RFC 8881 §14.5, §18.13.3). */
final class Names {
    private Names() {
    }

    /**
     * @return the name as a string
     * @throws NfsException NFS4ERR_INVAL for an empty name or bad UTF-8 (§14.5), NFS4ERR_NAMETOOLONG above
     *     maxname, NFS4ERR_BADNAME for "." and ".." (§18.13.3) and for names with '/' or NUL
     */
    static String component(Bytes name) throws NfsException {
        if (name.length() == 0) {
            throw new NfsException(NfsStatus.INVAL, "name: empty (expected: 1.." + Limits.MAX_NAME_BYTES + " bytes)");
        }
        if (name.length() > Limits.MAX_NAME_BYTES) {
            throw new NfsException(NfsStatus.NAMETOOLONG, "name: " + name.length() + " bytes (expected: at most "
                    + Limits.MAX_NAME_BYTES + ")");
        }
        String s;
        try {
            s = name.utf8();
        } catch (CharacterCodingException e) {
            throw new NfsException(NfsStatus.INVAL, "name: " + name + " (expected: UTF-8)");
        }
        if (s.equals(".") || s.equals("..") || s.indexOf('/') >= 0 || s.indexOf('\0') >= 0) {
            throw new NfsException(NfsStatus.BADNAME, "name: '" + s + "' (expected: a component, not . or .., without /"
                    + " or NUL)");
        }
        return s;
    }
}
