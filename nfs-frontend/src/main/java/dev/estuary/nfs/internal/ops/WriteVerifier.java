package dev.estuary.nfs.internal.ops;

import dev.estuary.nfs.internal.codec.Bytes;
import dev.estuary.nfs.internal.codec.Types;
import java.util.random.RandomGenerator;

/**
 * The write verifier of one server instance (RFC 8881 §18.32.3, §18.3.3): WRITE and COMMIT answer the
 * same 8 bytes for as long as this instance runs, and another instance answers other bytes, so a client
 * that sees the verifier change knows that UNSTABLE4 data it has not committed may be lost and writes it
 * again. Chosen at random when the server starts, never derived from the clock (two restarts in one
 * clock tick must still differ).
 *
 * @param value the 8 bytes
 */
public record WriteVerifier(Bytes value) {
    /** Checks the size. */
    public WriteVerifier {
        if (value.length() != Types.VERIFIER_SIZE) {
            throw new IllegalArgumentException("write verifier: " + value.length() + " bytes (expected: "
                    + Types.VERIFIER_SIZE + ")");
        }
    }

    /** @return a verifier of 8 random bytes from {@code random} (a new server instance) */
    public static WriteVerifier random(RandomGenerator random) {
        byte[] b = new byte[Types.VERIFIER_SIZE];
        random.nextBytes(b);
        return new WriteVerifier(Bytes.of(b));
    }
}
