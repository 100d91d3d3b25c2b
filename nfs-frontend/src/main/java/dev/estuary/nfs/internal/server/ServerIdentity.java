package dev.estuary.nfs.internal.server;

import dev.estuary.nfs.internal.codec.Bytes;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HexFormat;
import java.util.random.RandomGenerator;
import java.util.regex.Pattern;

/**
 * The server's identity towards NFSv4.1 clients, kept in the data directory: eir_server_owner's major id
 * and eir_server_scope (RFC 8881 §2.10.4, §18.35.3). Clients compare them to tell whether two addresses
 * are the same server (trunking) and, after a restart, whether the state they hold can be reclaimed
 * (§2.10.4.1: a different scope means "another server", no reclaim). So the value must survive restarts
 * of one installation and differ between installations: a random id drawn on the first start and
 * persisted, never derived from a host name or an address.
 */
public final class ServerIdentity {
    /** The file, relative to the data directory. */
    public static final String FILE = "nfs/server-owner";

    private static final Pattern FORM = Pattern.compile("estuary-[0-9a-f]{32}");

    private ServerIdentity() {
    }

    /**
     * Reads the persisted server owner, creating it on the first start.
     *
     * @param dataDirectory the gateway's data directory
     * @param random draws a new id
     * @return the owner's bytes (ASCII {@code estuary-} and 32 hex digits)
     * @throws IOException when the file cannot be read or written, or holds something else
     */
    public static Bytes loadOrCreate(Path dataDirectory, RandomGenerator random) throws IOException {
        Path file = dataDirectory.resolve(FILE);
        if (!Files.exists(file)) {
            Files.createDirectories(file.getParent());
            byte[] id = new byte[16];
            random.nextBytes(id);
            Path tmp = Files.createTempFile(file.getParent(), "server-owner", ".tmp");
            try {
                Files.writeString(tmp, "estuary-" + HexFormat.of().formatHex(id) + "\n", StandardCharsets.US_ASCII,
                        StandardOpenOption.WRITE, StandardOpenOption.SYNC);
                Files.move(tmp, file);
            } catch (FileAlreadyExistsException raced) {
                // Another start wrote it first: its value is the installation's.
            } finally {
                Files.deleteIfExists(tmp);
            }
        }
        String text = Files.readString(file, StandardCharsets.US_ASCII).strip();
        if (!FORM.matcher(text).matches()) {
            throw new IOException(file + ": '" + (text.length() > 80 ? text.substring(0, 80) + "..." : text)
                    + "' (expected: estuary- and 32 hex digits, written by the first start; delete the file to draw"
                    + " a new identity, which ends every client's reclaim of its state)");
        }
        return Bytes.of(text.getBytes(StandardCharsets.US_ASCII));
    }
}
