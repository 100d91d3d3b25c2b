package dev.estuary.nfs.internal.codec;

import java.util.List;

/**
 * COMPOUND4res (RFC 8881 §16.2.2): the status of the last evaluated operation (NFS4_OK if all
 * succeeded), the request's tag and one result per evaluated operation.
 */
public record CompoundRes(NfsStatus status, Bytes tag, List<NfsResult> results) {
    /** Copies the list and checks the overall status against the last result. */
    public CompoundRes {
        results = List.copyOf(results);
        NfsStatus last = results.isEmpty() ? NfsStatus.OK : results.getLast().status();
        if (!results.isEmpty() && status != last) {
            throw new IllegalArgumentException("status: " + status + " (expected: " + last
                    + ", the status of the last result, §16.2.3)");
        }
    }

    /** A COMPOUND that failed before any operation (e.g. NFS4ERR_MINOR_VERS_MISMATCH, §16.2.3): no results. */
    public static CompoundRes failed(NfsStatus status, Bytes tag) {
        return new CompoundRes(status, tag, List.of());
    }

    /** A COMPOUND whose overall status is that of its last result. */
    public static CompoundRes of(Bytes tag, List<NfsResult> results) {
        return new CompoundRes(results.isEmpty() ? NfsStatus.OK : results.getLast().status(), tag, results);
    }
}
