package dev.estuary.dfs.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.estuary.dfs.Attributes;
import dev.estuary.dfs.Capability;
import dev.estuary.dfs.Dfs;
import dev.estuary.dfs.DfsException;
import dev.estuary.dfs.DfsProvider;
import dev.estuary.dfs.DirCursor;
import dev.estuary.dfs.DirEntry;
import dev.estuary.dfs.DirPage;
import dev.estuary.dfs.ErrorKind;
import dev.estuary.dfs.FileHandle;
import dev.estuary.dfs.ObjectId;
import dev.estuary.dfs.OpenMode;
import dev.estuary.dfs.Ownership;
import dev.estuary.dfs.Volume;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The base of every contract class: an implementation supplies {@link #provider()} (and, if it
 * needs any, {@link #options()}); each test then gets a fresh data directory, a backend opened on
 * it with a {@link ManualClock}, and one volume named {@link #VOLUME}, all closed after the test.
 * A test that hangs (a deadlock in the backend) fails after a minute instead of stalling the build.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
public abstract class DfsContractSupport {
  /** The name of the volume every test starts with. */
  protected static final String VOLUME = "contract";
  /** The owner of the objects tests create. */
  protected static final Ownership OWNER = new Ownership(1000, 100);
  /** Where the injected clock starts: far from the real time, so a backend reading it shows. */
  protected static final Instant START = Instant.parse("2031-02-03T04:05:06Z");

  /** The controllable time source injected into the backend. */
  protected final ManualClock clock = new ManualClock(START);

  @TempDir private @Nullable Path tempDir;

  /** The backend under test, opened before each test. */
  protected Dfs dfs;
  /** The volume named {@link #VOLUME}. */
  protected Volume volume;
  /** The root directory of {@link #volume}. */
  protected ObjectId root;

  /**
   * Returns the implementation under test.
   *
   * @return a provider; may be a new instance on each call
   */
  protected abstract DfsProvider provider();

  /**
   * Returns the implementation-specific options to open the backend with.
   *
   * @return the options; none by default
   */
  protected Map<String, String> options() {
    return Map.of();
  }

  /** Opens the backend on a fresh directory and creates the test volume. */
  @BeforeEach
  protected void openBackend() {
    dfs = provider().open(context());
    dfs.createVolume(VOLUME, 0755, OWNER);
    volume = dfs.volume(VOLUME);
    root = volume.root();
  }

  /** Closes the backend; every handle and volume obtained from it goes with it. */
  @AfterEach
  protected void closeBackend() {
    if (dfs != null) {
      dfs.close();
    }
  }

  /**
   * Returns the directory the backend owns in this test.
   *
   * @return a directory under the test's temporary directory
   */
  protected final Path dataDirectory() {
    Path dir = requireTempDir().resolve("data");
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new IllegalStateException("cannot create " + dir, e);
    }
    return dir;
  }

  /**
   * Returns a scratch directory beside the data directory, for the test's own files.
   *
   * @return the test's temporary directory
   */
  protected final Path scratchDirectory() {
    return requireTempDir();
  }

  /**
   * Returns the context the backend is opened with: the data directory, the manual clock, a fresh
   * meter registry and {@link #options()}.
   *
   * @return a new context
   */
  protected final DfsProvider.Context context() {
    return new DfsProvider.Context(dataDirectory(), clock, new SimpleMeterRegistry(), options());
  }

  /** Closes the backend and opens the same data directory again, as a restart does. */
  protected final void reopen() {
    dfs.close();
    dfs = provider().open(context());
    volume = dfs.volume(VOLUME);
    root = volume.root();
  }

  /**
   * Skips the calling test unless the backend advertises {@code capability}: an implementation
   * that does not offer a facet is tested for {@link ErrorKind#UNSUPPORTED} instead, in {@link
   * CapabilityContract}.
   *
   * @param capability the facet the test exercises
   */
  protected final void assumeCapability(Capability capability) {
    Assumptions.assumeTrue(
        dfs.capabilities().contains(capability),
        "backend does not advertise " + capability + "; CapabilityContract covers that case");
  }

  /** Moves the injected clock by one second, so the next modification has a distinct time. */
  protected final Instant tick() {
    return clock.advance(Duration.ofSeconds(1));
  }

  // ---- Assertions ----

  /**
   * Asserts that {@code call} throws a {@link DfsException} of exactly {@code kind}.
   *
   * @param kind the expected kind
   * @param call the call
   * @return the exception, for further checks
   */
  protected static DfsException assertKind(ErrorKind kind, ThrowingCallable call) {
    return assertAnyKind(List.of(kind), call);
  }

  /**
   * Asserts that {@code call} throws a {@link DfsException} of one of {@code kinds}, for the few
   * places where the Javadoc allows a choice.
   *
   * @param kinds the allowed kinds
   * @param call the call
   * @return the exception, for further checks
   */
  protected static DfsException assertAnyKind(List<ErrorKind> kinds, ThrowingCallable call) {
    DfsException[] caught = new DfsException[1];
    assertThatThrownBy(call)
        .isInstanceOfSatisfying(
            DfsException.class,
            e -> {
              assertThat(e.kind()).as("error kind of %s", e).isIn(kinds);
              assertThat(e.getMessage()).as("message of %s", e).isNotBlank();
              caught[0] = e;
            });
    return caught[0];
  }

  // ---- Object helpers ----

  /**
   * Creates an empty file (mode 0644, {@link #OWNER}) exclusively.
   *
   * @param parent the directory
   * @param name the name
   * @return its attributes
   */
  protected final Attributes createFile(ObjectId parent, String name) {
    return volume.create(parent, name, 0644, OWNER, true);
  }

  /**
   * Creates a file holding {@code content}.
   *
   * @param parent the directory
   * @param name the name
   * @param content the bytes to write at offset 0
   * @return its attributes after the write
   */
  protected final Attributes createFile(ObjectId parent, String name, byte[] content) {
    Attributes created = createFile(parent, name);
    write(created.id(), 0, content);
    return volume.getAttributes(created.id());
  }

  /**
   * Creates a directory (mode 0755, {@link #OWNER}).
   *
   * @param parent the parent directory
   * @param name the name
   * @return its attributes
   */
  protected final Attributes mkdir(ObjectId parent, String name) {
    return volume.mkdir(parent, name, 0755, OWNER);
  }

  /**
   * Writes {@code data} at {@code position} through a fresh read-write handle.
   *
   * @param id the file
   * @param position the offset
   * @param data the bytes
   */
  protected final void write(ObjectId id, long position, byte[] data) {
    try (FileHandle h = volume.open(id, OpenMode.READ_WRITE)) {
      assertThat(h.write(position, ByteBuffer.wrap(data))).isEqualTo(data.length);
    }
  }

  /**
   * Reads a whole file through a fresh read handle, in pieces, until {@code read} returns -1.
   *
   * @param id the file
   * @return its content
   */
  protected final byte[] readAll(ObjectId id) {
    try (FileHandle h = volume.open(id, OpenMode.READ)) {
      return readAll(h);
    }
  }

  /**
   * Reads a whole file through {@code handle}, in pieces, until {@code read} returns -1.
   *
   * @param handle an open handle
   * @return its content
   */
  protected static byte[] readAll(FileHandle handle) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteBuffer buf = ByteBuffer.allocate(64 * 1024);
    long pos = 0;
    while (true) {
      buf.clear();
      int n = handle.read(pos, buf);
      if (n < 0) {
        break;
      }
      assertThat(n).as("read at %d returned 0 before the end", pos).isPositive();
      out.write(buf.array(), 0, n);
      pos += n;
    }
    return out.toByteArray();
  }

  /**
   * Reads {@code length} bytes at {@code position}, asserting the read is not short.
   *
   * @param handle an open handle
   * @param position the offset
   * @param length how many bytes
   * @return the bytes
   */
  protected static byte[] readExactly(FileHandle handle, long position, int length) {
    ByteBuffer buf = ByteBuffer.allocate(length);
    int n = handle.read(position, buf);
    assertThat(n).as("bytes read at %d", position).isEqualTo(length);
    return buf.array();
  }

  /**
   * Lists a whole directory in pages of {@code pageSize}.
   *
   * @param dir the directory
   * @param pageSize entries per call
   * @param withAttributes whether to ask for attributes
   * @return every entry, in the order returned
   */
  protected final List<DirEntry> listAll(ObjectId dir, int pageSize, boolean withAttributes) {
    List<DirEntry> all = new ArrayList<>();
    DirCursor cursor = DirCursor.START;
    for (int pages = 0; ; pages++) {
      assertThat(pages).as("pages of a listing of %s", dir).isLessThan(1_000_000);
      DirPage page = volume.readdir(dir, cursor, pageSize, withAttributes);
      assertThat(page.entries().size()).isLessThanOrEqualTo(pageSize);
      all.addAll(page.entries());
      if (page.end()) {
        return all;
      }
      assertThat(page.entries()).as("a non-final page of %s", dir).isNotEmpty();
      cursor = page.next();
    }
  }

  /**
   * Lists the names in a directory.
   *
   * @param dir the directory
   * @return the names in the order returned
   */
  protected final List<String> names(ObjectId dir) {
    return listAll(dir, 1000, false).stream().map(DirEntry::name).toList();
  }

  // ---- Data and names ----

  /**
   * Returns deterministic pseudo-random bytes.
   *
   * @param length how many
   * @param seed the seed
   * @return the bytes
   */
  protected static byte[] randomBytes(int length, long seed) {
    byte[] b = new byte[length];
    new SplittableRandom(seed).nextBytes(b);
    return b;
  }

  /**
   * Returns the UTF-8 length of a string.
   *
   * @param s the string
   * @return its length in bytes
   */
  protected static int utf8Length(String s) {
    return s.getBytes(StandardCharsets.UTF_8).length;
  }

  /** The order of names the contract lists in: unsigned comparison of their UTF-8 bytes. */
  protected static final Comparator<String> UTF8_ORDER =
      (a, b) ->
          Arrays.compareUnsigned(
              a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));

  /**
   * Returns {@code names} sorted in UTF-8 byte order.
   *
   * @param names the names
   * @return a new sorted list
   */
  protected static List<String> utf8Sorted(List<String> names) {
    List<String> sorted = new ArrayList<>(names);
    sorted.sort(UTF8_ORDER);
    return sorted;
  }

  private Path requireTempDir() {
    if (tempDir == null) {
      throw new IllegalStateException("@TempDir was not injected");
    }
    return tempDir;
  }
}
