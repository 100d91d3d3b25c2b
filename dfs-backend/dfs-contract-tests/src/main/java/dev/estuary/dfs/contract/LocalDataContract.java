package dev.estuary.dfs.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.estuary.dfs.Attributes;
import dev.estuary.dfs.Capability;
import dev.estuary.dfs.ErrorKind;
import dev.estuary.dfs.FileHandle;
import dev.estuary.dfs.LocalData;
import dev.estuary.dfs.ObjectId;
import dev.estuary.dfs.OpenMode;
import dev.estuary.dfs.RemoveKind;
import dev.estuary.dfs.RetentionMode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The optional {@link FileHandle#localData()} facet: what a backend that offers it promises (the
 * local file's length and bytes are the file's, it stays valid while the handle is open, writes
 * made to it are checked before and accounted after). Every test is skipped when the backend does
 * not offer the facet for a file of {@link #SIZE} bytes (the default is to offer nothing).
 */
public abstract class LocalDataContract extends DfsContractSupport {
  /** Bigger than any inline threshold the engine allows (1 MiB), so the bytes need a file. */
  private static final int SIZE = (1 << 20) + 4096;
  private static final List<ErrorKind> DENIED = List.of(ErrorKind.READ_ONLY, ErrorKind.NOT_PERMITTED);

  private LocalData local(FileHandle h) {
    Optional<LocalData> l = h.localData();
    Assumptions.assumeTrue(l.isPresent(), "backend offers no local data for " + h);
    return l.get();
  }

  private static byte[] readLocal(LocalData l) {
    try {
      return Files.readAllBytes(l.path());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void writeLocal(LocalData l, long position, byte[] data) {
    try (FileChannel ch = FileChannel.open(l.path(), StandardOpenOption.WRITE)) {
      ByteBuffer b = ByteBuffer.wrap(data);
      long p = position;
      while (b.hasRemaining()) {
        p += ch.write(b, p);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Test
  void localFile_hasTheFilesLengthAndBytes_andStaysValidAfterRemoveAndTruncate() throws IOException {
    byte[] data = randomBytes(SIZE, 11);
    ObjectId f = createFile(root, "big", data).id();
    try (FileHandle h = volume.open(f, OpenMode.READ_WRITE)) {
      LocalData l = local(h);

      assertThat(l.path().isAbsolute()).isTrue();
      assertThat(Files.size(l.path())).isEqualTo(h.size()).isEqualTo(SIZE);
      assertThat(readLocal(l)).isEqualTo(data);

      volume.remove(root, "big", RemoveKind.NOT_DIRECTORY);
      assertThat(readLocal(l)).as("the bytes of a removed file, while a handle is open").isEqualTo(data);
      h.truncate(10);
      assertThat(h.localData()).as("never moves back out of the local file while open").isPresent();
      assertThat(Files.size(h.localData().orElseThrow().path())).isEqualTo(h.size()).isEqualTo(10);
      h.truncate(SIZE * 2L);
      assertThat(Files.size(l.path())).as("a truncate that extends").isEqualTo(SIZE * 2L);
    }
  }

  @Test
  void writeBracketedByBeginAndEnd_isSeenAndAccountedLikeAWrite() {
    byte[] data = randomBytes(SIZE, 12);
    ObjectId f = createFile(root, "big", data).id();
    try (FileHandle h = volume.open(f, OpenMode.READ_WRITE)) {
      LocalData l = local(h);
      Attributes before = h.attributes();
      tick();
      byte[] more = randomBytes(5000, 13);
      long at = SIZE + 1000;

      l.beginWrite(at, more.length);
      writeLocal(l, at, more);
      l.endWrite(at, more.length);

      Attributes after = h.attributes();
      assertThat(after.size()).isEqualTo(at + more.length);
      assertThat(h.size()).isEqualTo(at + more.length);
      assertThat(after.change()).isGreaterThan(before.change());
      assertThat(after.modifyTime()).isAfter(before.modifyTime());
      assertThat(readExactly(h, at, more.length)).isEqualTo(more);
      assertThat(readExactly(h, SIZE, 1000)).as("the gap reads as zeros").isEqualTo(new byte[1000]);
      assertThat(Arrays.copyOf(readAll(f), SIZE)).isEqualTo(data);
    }
  }

  @Test
  void endWriteOfNothing_neverGrowsTheFile() {
    ObjectId f = createFile(root, "big", randomBytes(SIZE, 14)).id();
    try (FileHandle h = volume.open(f, OpenMode.READ_WRITE)) {
      LocalData l = local(h);
      l.beginWrite(SIZE * 3L, 0);
      l.endWrite(SIZE * 3L, 0);
      assertThat(h.size()).isEqualTo(SIZE);
    }
  }

  @Test
  void beginWrite_isRefusedWhereWriteIs() {
    ObjectId f = createFile(root, "big", randomBytes(SIZE, 15)).id();
    try (FileHandle h = volume.open(f, OpenMode.READ)) {
      LocalData l = local(h);
      assertAnyKind(DENIED, () -> l.beginWrite(0, 10));
    }
    FileHandle h = volume.open(f, OpenMode.READ_WRITE);
    LocalData l = local(h);
    assertKind(ErrorKind.INVALID_ARGUMENT, () -> l.beginWrite(-1, 10));
    h.close();
    assertKind(ErrorKind.CLOSED, () -> l.beginWrite(0, 10));
  }

  @Test
  void beginWrite_underRetention_isRetained() {
    assumeCapability(Capability.RETENTION);
    ObjectId f = createFile(root, "big", randomBytes(SIZE, 16)).id();
    try (FileHandle h = volume.open(f, OpenMode.READ_WRITE)) {
      LocalData l = local(h);
      volume.setRetention(f, RetentionMode.COMPLIANCE, clock.instant().plus(Duration.ofDays(1)), false);
      assertKind(ErrorKind.RETAINED, () -> l.beginWrite(0, 10));
      assertThat(h.size()).isEqualTo(SIZE);
    }
  }
}
