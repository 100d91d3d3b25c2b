package dev.estuary.smb;

import dev.estuary.smb.internal.codec.Bytes;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HexFormat;
import java.util.random.RandomGenerator;

/**
 * The installation's ServerGuid ([MS-SMB2] 3.3.1.5): 16 random bytes drawn at the first start and kept as
 * 32 hex digits in a file of the data directory, so clients (VALIDATE_NEGOTIATE_INFO, multichannel,
 * durable reconnects) see one server across restarts. Written to a temporary file and moved into place,
 * so a crash never leaves a half-written id.
 */
final class ServerGuidFile {
  private ServerGuidFile() {}

  /**
   * Reads the ServerGuid, creating it first when the file does not exist.
   *
   * @param file the file
   * @param random the source of a new id
   * @return the 16 bytes
   * @throws IOException if the file cannot be read or written, or holds something else than 32 hex digits
   */
  static Bytes load(Path file, RandomGenerator random) throws IOException {
    if (!Files.exists(file)) {
      byte[] guid = new byte[16];
      random.nextBytes(guid);
      Files.createDirectories(file.getParent());
      Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
      Files.writeString(tmp, HexFormat.of().formatHex(guid) + "\n", StandardCharsets.US_ASCII);
      try {
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
      }
    }
    String text = Files.readString(file, StandardCharsets.US_ASCII).strip();
    if (!text.matches("[0-9a-fA-F]{32}")) {
      throw new IOException("smb server guid " + file + ": '" + (text.length() > 40 ? text.substring(0, 40) + "..."
          : text) + "' (expected: 32 hex digits; delete the file to draw a new ServerGuid)");
    }
    return Bytes.hex(text);
  }
}
