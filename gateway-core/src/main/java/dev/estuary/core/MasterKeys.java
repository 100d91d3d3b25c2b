package dev.estuary.core;

import static java.util.Objects.requireNonNull;

import dev.estuary.core.internal.identity.SecureFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.jspecify.annotations.Nullable;

/**
 * The appliance's master keys for S3 server-side encryption with keys the gateway keeps (SSE-S3),
 * in the key file {@value #FILE_NAME} of the data directory. Each object gets its own random data
 * key; only that data key, wrapped (AES-256-GCM) under the current master key, is stored with the
 * object. The master keys never leave this class.
 *
 * <p><b>The file.</b> One line per key, {@code <id> <base64 of 32 bytes>}, ids ascending; the last
 * is the current key, used to wrap the data keys of new objects. It is created with mode 0600 at
 * first use (never readable by others, not even briefly) and rewritten atomically; a file whose
 * mode gives anything to group or others is refused ({@link #open}, so at startup), as {@code
 * ssh} refuses a readable private key.
 *
 * <p><b>Rotation</b> ({@link #rotate}, {@code estuary sse rotate-key} and the admin API) appends a
 * new key: new objects use it, objects written before keep naming the older key by its id and
 * stay readable. Several instances may share one file (the S3 frontend and the admin API of one
 * server, or the CLI on a stopped one): each reloads the file when it changed on disk, so a
 * rotation takes effect without a restart. Thread-safe.
 */
public final class MasterKeys implements KeyWrapper {
  /** The key file's name in the data directory. */
  public static final String FILE_NAME = "sse-master-keys";

  private static final int KEY_BYTES = 32;
  private static final int NONCE_BYTES = 12;
  private static final byte[] WRAP_AAD = "estuary-sse-s3-data-key".getBytes(StandardCharsets.US_ASCII);

  private final Path file;
  private final SecureRandom random;
  private List<Key> keys = List.of();
  private @Nullable Object loadedFileKey;
  private long loadedModified = Long.MIN_VALUE;

  /** A master key: its id and bytes. */
  private record Key(int id, byte[] bytes) {}

  /**
   * A data key wrapped under a master key.
   *
   * @param keyId the id of the master key that wrapped it
   * @param wrapped nonce, ciphertext and tag
   */
  public record Wrapped(int keyId, byte[] wrapped) {
    /** Copies the bytes. */
    public Wrapped {
      wrapped = wrapped.clone();
    }

    @Override
    public byte[] wrapped() {
      return wrapped.clone();
    }
  }

  private MasterKeys(Path file, SecureRandom random) {
    this.file = file;
    this.random = random;
  }

  /**
   * Opens the key file of a data directory; it need not exist yet ({@link #current} creates it).
   *
   * @param dataDirectory the data directory
   * @param random the source of new keys and nonces
   * @return the keys
   * @throws IllegalStateException when the file exists with a mode wider than 0600, or cannot be
   *     read or parsed
   */
  public static MasterKeys open(Path dataDirectory, SecureRandom random) {
    MasterKeys k = new MasterKeys(dataDirectory.resolve(FILE_NAME), requireNonNull(random));
    synchronized (k) {
      k.reloadIfChanged();
    }
    return k;
  }

  /**
   * Returns the key file.
   *
   * @return its path
   */
  public Path file() {
    return file;
  }

  /**
   * Wraps a data key under the current master key, creating the first one if there is none.
   *
   * @param dataKey the data key
   * @return the wrapped key and the master key's id
   */
  @Override
  public synchronized Wrapped wrap(byte[] dataKey) {
    reloadIfChanged();
    if (keys.isEmpty()) {
      append();
    }
    Key k = keys.getLast();
    byte[] nonce = new byte[NONCE_BYTES];
    random.nextBytes(nonce);
    byte[] ct = gcm(Cipher.ENCRYPT_MODE, k, nonce, dataKey, 0, dataKey.length);
    return new Wrapped(k.id(), ByteBuffer.allocate(NONCE_BYTES + ct.length).put(nonce).put(ct)
        .array());
  }

  /**
   * Unwraps a data key.
   *
   * @param w what {@link #wrap} returned
   * @return the data key
   * @throws IllegalStateException when the master key is gone or the wrapped key was altered
   */
  @Override
  public synchronized byte[] unwrap(Wrapped w) {
    reloadIfChanged();
    Key k = find(w.keyId()).orElseThrow(() -> new IllegalStateException("SSE master key id: "
        + w.keyId() + " is not in " + file + " (expected: one of its ids " + ids() + ")"));
    byte[] b = w.wrapped;
    if (b.length <= NONCE_BYTES) {
      throw new IllegalStateException("wrapped data key: " + b.length
          + " bytes (expected: more than " + NONCE_BYTES + ")");
    }
    return gcm(Cipher.DECRYPT_MODE, k, java.util.Arrays.copyOf(b, NONCE_BYTES), b, NONCE_BYTES,
        b.length - NONCE_BYTES);
  }

  /**
   * Adds a new master key, which wraps the data keys of objects written from now on; older keys
   * stay for the objects they wrapped.
   *
   * @return the new key's id
   */
  public synchronized int rotate() {
    reloadIfChanged();
    return append();
  }

  /**
   * Returns the ids of the keys, oldest first; the last is the current one.
   *
   * @return the ids (empty before the first use)
   */
  public synchronized List<Integer> ids() {
    reloadIfChanged();
    return keys.stream().map(Key::id).toList();
  }

  private Optional<Key> find(int id) {
    return keys.stream().filter(k -> k.id() == id).findFirst();
  }

  private int append() {
    byte[] b = new byte[KEY_BYTES];
    random.nextBytes(b);
    int id = keys.isEmpty() ? 1 : keys.getLast().id() + 1;
    List<Key> next = new ArrayList<>(keys);
    next.add(new Key(id, b));
    StringBuilder text = new StringBuilder();
    for (Key k : next) {
      text.append(k.id()).append(' ').append(Base64.getEncoder().encodeToString(k.bytes()))
          .append('\n');
    }
    try {
      Path dir = file.toAbsolutePath().getParent();
      if (dir != null) {
        Files.createDirectories(dir);
      }
      SecureFiles.writeAtomically(file, text.toString().getBytes(StandardCharsets.US_ASCII));
    } catch (IOException e) {
      throw new UncheckedIOException("SSE master key file: " + file + " cannot be written", e);
    }
    keys = List.copyOf(next);
    loadedFileKey = null;
    loadedModified = Long.MIN_VALUE;
    reloadIfChanged();
    return id;
  }

  /** Reads the file again when it was replaced or changed since it was last read. */
  private void reloadIfChanged() {
    BasicFileAttributes attrs;
    try {
      attrs = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
    } catch (NoSuchFileException e) {
      keys = List.of();
      return;
    } catch (IOException e) {
      throw new UncheckedIOException("SSE master key file: " + file + " cannot be read", e);
    }
    long modified = attrs.lastModifiedTime().toMillis();
    if (java.util.Objects.equals(attrs.fileKey(), loadedFileKey) && modified == loadedModified) {
      return;
    }
    checkMode();
    List<Key> read = new ArrayList<>();
    try {
      int lineNo = 0;
      for (String line : Files.readAllLines(file, StandardCharsets.US_ASCII)) {
        lineNo++;
        if (line.isBlank()) {
          continue;
        }
        String[] f = line.strip().split(" ");
        byte[] b;
        int id;
        try {
          id = Integer.parseInt(f[0]);
          b = f.length == 2 ? Base64.getDecoder().decode(f[1]) : new byte[0];
        } catch (IllegalArgumentException e) {
          b = new byte[0];
          id = -1;
        }
        if (b.length != KEY_BYTES || id <= 0 || !read.isEmpty() && id <= read.getLast().id()) {
          throw new IllegalStateException("SSE master key file: " + file + " line " + lineNo
              + " (expected: '<id> <base64 of " + KEY_BYTES + " bytes>', ids ascending)");
        }
        read.add(new Key(id, b));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("SSE master key file: " + file + " cannot be read", e);
    }
    keys = List.copyOf(read);
    loadedFileKey = attrs.fileKey();
    loadedModified = modified;
  }

  private void checkMode() {
    Set<PosixFilePermission> perms;
    try {
      perms = Files.getPosixFilePermissions(file, LinkOption.NOFOLLOW_LINKS);
    } catch (IOException e) {
      throw new UncheckedIOException("SSE master key file: " + file + " cannot be read", e);
    }
    for (PosixFilePermission p : perms) {
      if (p != PosixFilePermission.OWNER_READ && p != PosixFilePermission.OWNER_WRITE) {
        throw new IllegalStateException("SSE master key file: " + file + " has mode "
            + java.nio.file.attribute.PosixFilePermissions.toString(perms)
            + " (expected: rw------- (0600) or narrower; fix it with chmod 600)");
      }
    }
  }

  private static byte[] gcm(int mode, Key k, byte[] nonce, byte[] in, int off, int len) {
    try {
      Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
      c.init(mode, new SecretKeySpec(k.bytes(), "AES"), new GCMParameterSpec(128, nonce));
      c.updateAAD(WRAP_AAD);
      return c.doFinal(in, off, len);
    } catch (javax.crypto.AEADBadTagException e) {
      throw new IllegalStateException("wrapped data key: does not authenticate under SSE master"
          + " key " + k.id() + " (expected: a key wrapped by it, unaltered)", e);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-256-GCM is required of every JDK", e);
    }
  }
}
