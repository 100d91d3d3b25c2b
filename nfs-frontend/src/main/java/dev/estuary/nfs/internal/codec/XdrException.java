package dev.estuary.nfs.internal.codec;

/**
 * Input that does not decode as the XDR it should be: truncated, a length over its limit, a bad
 * discriminant or boolean. Checked on purpose: every decoder declares it, and the caller maps it to
 * the protocol's answer (NFS4ERR_BADXDR for one operation, GARBAGE_ARGS for an RPC call, RFC 8881
 * §15.1.1.3 and RFC 5531 §9) instead of letting an unchecked exception escape.
 */
public sealed class XdrException extends Exception permits AttrNotSupportedException {
    private static final long serialVersionUID = 1L;

    /** @param message names the field, the value and what was expected */
    public XdrException(String message) {
        super(message);
    }
}
