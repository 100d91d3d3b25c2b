package dev.estuary.nfs.internal.ops;

import dev.estuary.dfs.ObjectId;
import dev.estuary.nfs.internal.codec.Bytes;
import dev.estuary.nfs.internal.codec.NfsStatus;
import java.nio.ByteBuffer;

/**
 * The file handle format (nfs_fh4, at most NFS4_FHSIZE = 128 bytes, RFC 8881 §4.2): persistent
 * (FH4_PERSISTENT), built only from ids the backend never reuses, so a handle survives restarts and
 * renames and never names another object later.
 *
 * <pre>
 * byte 0      format version (1)
 * byte 1      kind: 0 pseudo-root, 1 object
 * bytes 2..17 (object only) the volume's root object id: recreating a volume gives it a new root id
 * bytes 18..33 (object only) the object id
 * </pre>
 *
 * Anything else (wrong length, version or kind) is NFS4ERR_BADHANDLE (§15.1.2.1); a well-formed handle
 * whose volume or object is gone is NFS4ERR_STALE, decided when it is resolved.
 */
public final class FileHandles {
    /** The format version written in byte 0. */
    static final byte VERSION = 1;
    static final byte KIND_PSEUDO_ROOT = 0;
    static final byte KIND_OBJECT = 1;
    static final int OBJECT_LENGTH = 2 + 2 * ObjectId.BYTES;

    /** The pseudo-root's handle. */
    public static final Bytes PSEUDO_ROOT = Bytes.of(VERSION, KIND_PSEUDO_ROOT);

    private FileHandles() {
    }

    /** A handle decoded but not resolved: the pseudo-root, or a volume root id and an object id. */
    public sealed interface Decoded {
        /** The pseudo-root. */
        record Root() implements Decoded {
        }

        /** An object of the volume whose root is {@code volumeRoot}. */
        record InVolume(ObjectId volumeRoot, ObjectId id) implements Decoded {
        }
    }

    /** @return the handle of {@code ref} */
    public static Bytes encode(FileRef ref) {
        return switch (ref) {
            case FileRef.PseudoRoot r -> PSEUDO_ROOT;
            case FileRef.InVolume v -> Bytes.of(ByteBuffer.allocate(OBJECT_LENGTH).put(VERSION).put(KIND_OBJECT)
                    .put(v.volumeRoot().toBytes()).put(v.id().toBytes()).array());
        };
    }

    /**
     * @throws NfsException NFS4ERR_BADHANDLE when {@code handle} is not one this server made
     */
    public static Decoded decode(Bytes handle) throws NfsException {
        byte[] b = handle.toArray();
        if (b.length < 2 || b[0] != VERSION) {
            throw new NfsException(NfsStatus.BADHANDLE, "handle: " + handle + " (expected: format version " + VERSION
                    + " in byte 0 of at least 2 bytes)");
        }
        if (b[1] == KIND_PSEUDO_ROOT && b.length == 2) {
            return new Decoded.Root();
        }
        if (b[1] == KIND_OBJECT && b.length == OBJECT_LENGTH) {
            ByteBuffer in = ByteBuffer.wrap(b, 2, 2 * ObjectId.BYTES);
            byte[] root = new byte[ObjectId.BYTES];
            byte[] id = new byte[ObjectId.BYTES];
            in.get(root).get(id);
            return new Decoded.InVolume(ObjectId.fromBytes(root), ObjectId.fromBytes(id));
        }
        throw new NfsException(NfsStatus.BADHANDLE, "handle: " + handle + " (expected: kind 0 with 2 bytes or kind 1 with "
                + OBJECT_LENGTH + " bytes)");
    }
}
