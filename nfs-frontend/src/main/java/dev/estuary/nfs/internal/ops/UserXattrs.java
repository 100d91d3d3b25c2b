package dev.estuary.nfs.internal.ops;

import dev.estuary.dfs.Limits;
import dev.estuary.nfs.internal.codec.Bytes;
import dev.estuary.nfs.internal.codec.NfsStatus;
import java.nio.charset.CharacterCodingException;
import java.util.ArrayList;
import java.util.List;

/**
 * Where the xattrs of RFC 8276 live in the backend. The protocol's xattrs are the user namespace of the
 * client (RFC 8276: the Linux client sends {@code user.foo} as {@code foo}), so they are stored as
 * {@code user.} + name: the same name a Linux host sees for them on a local file system. Every name a client
 * sends gets the prefix, and only names with it are listed, so the gateway's own xattrs ({@code estuary.*},
 * S3 metadata among them) are never seen, created, changed or removed through NFS, whatever name is sent.
 */
final class UserXattrs {
    /** The backend prefix of the protocol's xattr names. */
    static final String PREFIX = "user.";
    /** The longest name a client may use: the backend's limit less the prefix. */
    static final int MAX_NAME_BYTES = Limits.MAX_XATTR_NAME_BYTES - PREFIX.length();

    private UserXattrs() {
    }

    /**
     * @return the backend name of the client's xattr {@code name}
     * @throws NfsException NFS4ERR_INVAL for an empty name, bad UTF-8 or NUL (xattrkey4 is a component4,
     *     RFC 8276), NFS4ERR_NAMETOOLONG beyond {@link #MAX_NAME_BYTES}
     */
    static String backendName(Bytes name) throws NfsException {
        if (name.length() == 0) {
            throw new NfsException(NfsStatus.INVAL, "xattr name: empty (expected: 1.." + MAX_NAME_BYTES + " bytes)");
        }
        if (name.length() > MAX_NAME_BYTES) {
            throw new NfsException(NfsStatus.NAMETOOLONG, "xattr name: " + name.length() + " bytes (expected: at most "
                    + MAX_NAME_BYTES + ")");
        }
        String s;
        try {
            s = name.utf8();
        } catch (CharacterCodingException e) {
            throw new NfsException(NfsStatus.INVAL, "xattr name: " + name + " (expected: UTF-8)");
        }
        if (s.indexOf('\0') >= 0) {
            throw new NfsException(NfsStatus.INVAL, "xattr name: '" + s + "' (expected: no NUL)");
        }
        return PREFIX + s;
    }

    /** @return the client names of the protocol's xattrs among {@code backendNames}, in the backend's order */
    static List<String> clientNames(List<String> backendNames) {
        List<String> out = new ArrayList<>();
        for (String n : backendNames) {
            if (n.startsWith(PREFIX) && n.length() > PREFIX.length()) {
                out.add(n.substring(PREFIX.length()));
            }
        }
        return out;
    }
}
