package dev.estuary.nfs.internal.codec;

/**
 * An fattr4 names an attribute the codec does not model. Its value's length is unknown, so nothing after
 * it can be read: SETATTR, VERIFY, NVERIFY, CREATE and OPEN answer NFS4ERR_ATTRNOTSUPP (RFC 8881 §15.1.15.1).
 */
public final class AttrNotSupportedException extends XdrException {
    private static final long serialVersionUID = 1L;

    private final int attribute;

    /** @param attribute the attribute number */
    public AttrNotSupportedException(int attribute) {
        super("attribute: " + attribute + " (expected: one the server models)");
        this.attribute = attribute;
    }

    /** @return the attribute number */
    public int attribute() {
        return attribute;
    }
}
