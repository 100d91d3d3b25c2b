package dev.estuary.nfs.internal.codec;

/**
 * Upper bounds the decoder enforces before it allocates anything, on top of the bytes actually left in
 * the input (a length can never exceed those either).
 *
 * @param maxOpaque largest variable-length opaque or string accepted (READ/WRITE data, xattr values)
 * @param maxArray largest element count of any variable-length array (bitmap words, stateids, names)
 * @param maxOperations largest number of operations decoded from one COMPOUND; more stop decoding
 *     with {@link CompoundArgs.Stop.TooManyOps}
 */
public record XdrLimits(int maxOpaque, int maxArray, int maxOperations) {
    /** Limits that fit the 1 MiB reads and writes of the Linux client (notes/nfs.md §2.1). */
    public static final XdrLimits DEFAULT = new XdrLimits(1 << 21, 1 << 16, 128);

    /** Checks that every limit is positive. */
    public XdrLimits {
        if (maxOpaque <= 0) {
            throw new IllegalArgumentException("maxOpaque: " + maxOpaque + " (expected: > 0)");
        }
        if (maxArray <= 0) {
            throw new IllegalArgumentException("maxArray: " + maxArray + " (expected: > 0)");
        }
        if (maxOperations <= 0) {
            throw new IllegalArgumentException("maxOperations: " + maxOperations + " (expected: > 0)");
        }
    }
}
