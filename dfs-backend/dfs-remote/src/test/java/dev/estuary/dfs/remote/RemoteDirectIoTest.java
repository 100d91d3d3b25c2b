package dev.estuary.dfs.remote;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.estuary.dfs.DfsException;
import dev.estuary.dfs.ErrorKind;
import dev.estuary.dfs.FileHandle;
import dev.estuary.dfs.ObjectId;
import dev.estuary.dfs.OpenMode;
import dev.estuary.dfs.Volume;
import dev.estuary.dfs.decorate.StandardDecorators;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The direct data path over the unix socket: which calls get a descriptor, that bytes moved
 * through it are the file's, that an inline file falls back to gRPC and switches once a write
 * moves it to a data file, that descriptors do not pile up, and that a handle from before an
 * engine restart is STALE even though its descriptor still names the file.
 */
class RemoteDirectIoTest {
  private static final int MIB = 1 << 20;
  @TempDir Path dir;

  private static byte[] random(int n, long seed) {
    byte[] b = new byte[n];
    new Random(seed).nextBytes(b);
    return b;
  }

  private static byte[] read(FileHandle h, long position, int length) {
    ByteBuffer b = ByteBuffer.allocate(length);
    while (b.hasRemaining()) {
      int n = h.read(position + b.position(), b);
      if (n < 0) {
        break;
      }
    }
    return b.array();
  }

  @Test
  void bigWritesAndReads_goThroughOneDescriptorPerHandle() throws IOException {
    try (ServedEngine e = new ServedEngine(dir)) {
      Volume v = e.connect().volume(ServedEngine.VOLUME);
      ObjectId f = v.create(v.root(), "big", 0644, ServedEngine.OWNER, true).id();
      byte[] one = random(MIB, 1);
      byte[] two = random(MIB, 2);
      try (FileHandle h = v.open(f, OpenMode.READ_WRITE)) {
        assertThat(h.write(0, ByteBuffer.wrap(one))).isEqualTo(MIB);
        assertThat(e.server.descriptorsPassed()).as("an empty file is inline: nothing to pass yet").isZero();
        ByteBuffer direct = ByteBuffer.allocateDirect(MIB).put(two).flip();
        assertThat(h.write(MIB, direct)).isEqualTo(MIB);
        assertThat(direct.remaining()).isZero();
        assertThat(e.server.descriptorsPassed()).as("after the write that made a data file").isEqualTo(1);
        assertThat(h.size()).isEqualTo(2L * MIB);
        assertThat(read(h, 0, MIB)).isEqualTo(one);
        assertThat(read(h, MIB, MIB)).isEqualTo(two);
        assertThat(h.read(2L * MIB, ByteBuffer.allocate(10))).isEqualTo(-1);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertThat(h.transferTo(MIB - 10, 20, Channels.newChannel(out))).isEqualTo(20);
        byte[] across = new byte[20];
        System.arraycopy(one, MIB - 10, across, 0, 10);
        System.arraycopy(two, 0, across, 10, 10);
        assertThat(out.toByteArray()).isEqualTo(across);
      }
      assertThat(e.server.descriptorsPassed()).isEqualTo(1);
      try (FileHandle h = v.open(f, OpenMode.READ)) {
        assertThat(read(h, MIB, MIB)).isEqualTo(two);
        assertThatThrownBy(() -> h.write(0, ByteBuffer.wrap(new byte[MIB])))
            .isInstanceOfSatisfying(DfsException.class, ex -> assertThat(ex.kind()).isEqualTo(ErrorKind.READ_ONLY));
      }
      assertThat(e.server.descriptorsPassed()).isEqualTo(2);
      assertThat(v.getAttributes(f).size()).isEqualTo(2L * MIB);
    }
  }

  @Test
  void theEngineAsTheDaemonServesIt_decorated_passesDescriptorsToo() throws IOException {
    try (ServedEngine e = new ServedEngine(dir,
        d -> StandardDecorators.served(d, new SimpleMeterRegistry()), b -> b)) {
      Volume v = e.connect().volume(ServedEngine.VOLUME);
      ObjectId f = v.create(v.root(), "big", 0644, ServedEngine.OWNER, true).id();
      try (FileHandle h = v.open(f, OpenMode.READ_WRITE)) {
        h.write(0, ByteBuffer.wrap(random(MIB, 10)));
        h.write(MIB, ByteBuffer.wrap(random(MIB, 11)));
        assertThat(read(h, MIB, MIB)).isEqualTo(random(MIB, 11));
      }
      assertThat(e.server.descriptorsPassed()).isEqualTo(1);
    }
  }

  @Test
  void smallCallsOnASmallFile_neverAskForADescriptor() throws IOException {
    try (ServedEngine e = new ServedEngine(dir)) {
      Volume v = e.connect().volume(ServedEngine.VOLUME);
      ObjectId f = v.create(v.root(), "small", 0644, ServedEngine.OWNER, true).id();
      try (FileHandle h = v.open(f, OpenMode.READ_WRITE)) {
        h.write(0, ByteBuffer.wrap(random(4096, 3)));
        assertThat(read(h, 0, 4096)).isEqualTo(random(4096, 3));
      }
      assertThat(e.server.descriptorsPassed()).isZero();
    }
  }

  @Test
  void aFileMovedToADataFileByAnotherClient_isReadDirectlyAfterTheFirstReadPastItsOldSize() throws IOException {
    try (ServedEngine e = new ServedEngine(dir)) {
      Volume reader = e.connect().volume(ServedEngine.VOLUME);
      Volume writer = e.connect().volume(ServedEngine.VOLUME);
      ObjectId f = writer.create(writer.root(), "grows", 0644, ServedEngine.OWNER, true).id();
      try (FileHandle w = writer.open(f, OpenMode.WRITE)) {
        w.write(0, ByteBuffer.wrap(random(100, 4)));
      }
      byte[] all = random(3 * MIB, 5);
      try (FileHandle r = reader.open(f, OpenMode.READ)) {
        assertThat(read(r, 0, MIB)).startsWith(random(100, 4));
        assertThat(e.server.descriptorsPassed()).as("inline: ABSENT").isZero();
        try (FileHandle w = writer.open(f, OpenMode.WRITE)) {
          w.write(0, ByteBuffer.wrap(all));
          w.write(0, ByteBuffer.wrap(all));
        }
        long passed = e.server.descriptorsPassed();
        assertThat(read(r, 0, MIB)).as("read past the old size, through gRPC").isEqualTo(
            java.util.Arrays.copyOf(all, MIB));
        assertThat(e.server.descriptorsPassed()).isEqualTo(passed);
        assertThat(read(r, MIB, 2 * MIB)).as("then through the descriptor").isEqualTo(
            java.util.Arrays.copyOfRange(all, MIB, 3 * MIB));
        assertThat(e.server.descriptorsPassed()).isEqualTo(passed + 1);
      }
    }
  }

  @Test
  void closingHandles_closesTheirDescriptors() throws IOException {
    try (ServedEngine e = new ServedEngine(dir)) {
      Volume v = e.connect().volume(ServedEngine.VOLUME);
      ObjectId f = v.create(v.root(), "big", 0644, ServedEngine.OWNER, true).id();
      try (FileHandle h = v.open(f, OpenMode.READ_WRITE)) {
        h.write(0, ByteBuffer.wrap(random(MIB, 6)));
        read(h, 0, MIB); // warms up: one descriptor-socket connection stays open for reuse
      }
      long before = openDescriptors();
      for (int i = 0; i < 50; i++) {
        try (FileHandle h = v.open(f, OpenMode.READ)) {
          read(h, 0, MIB);
        }
      }
      assertThat(e.server.descriptorsPassed()).isGreaterThanOrEqualTo(50);
      assertThat(openDescriptors()).as("descriptors of this process").isLessThanOrEqualTo(before);
    }
  }

  private static long openDescriptors() throws IOException {
    try (Stream<Path> s = Files.list(Path.of("/proc/self/fd"))) {
      return s.count();
    }
  }

  @Test
  void aHandleFromBeforeAnEngineRestart_isStale_notReadThroughItsOldDescriptor() throws Exception {
    try (ServedEngine e = new ServedEngine(dir)) {
      Volume v = e.connect(Duration.ofSeconds(20)).volume(ServedEngine.VOLUME);
      ObjectId f = v.create(v.root(), "big", 0644, ServedEngine.OWNER, true).id();
      FileHandle before = v.open(f, OpenMode.READ_WRITE);
      before.write(0, ByteBuffer.wrap(random(MIB, 7)));
      assertThat(read(before, 0, MIB)).isEqualTo(random(MIB, 7));
      assertThat(e.server.descriptorsPassed()).isEqualTo(1);

      e.stop();
      e.start();

      assertThatThrownBy(() -> before.read(0, ByteBuffer.allocate(MIB)))
          .isInstanceOfSatisfying(DfsException.class, ex -> assertThat(ex.kind()).isEqualTo(ErrorKind.STALE));
      assertThatThrownBy(() -> before.write(0, ByteBuffer.allocate(MIB)))
          .isInstanceOfSatisfying(DfsException.class, ex -> assertThat(ex.kind()).isEqualTo(ErrorKind.STALE));
      before.close();
      try (FileHandle after = v.open(f, OpenMode.READ)) {
        assertThat(read(after, 0, MIB)).isEqualTo(random(MIB, 7));
      }
    }
  }

  @Test
  void directOff_keepsEveryByteOnGrpc() throws IOException {
    try (ServedEngine e = new ServedEngine(dir)) {
      RemoteDfs client = RemoteDfs.connect(e.endpoint(),
          RemoteOptions.DEFAULTS.withDirectMinimum(RemoteOptions.DIRECT_OFF));
      try {
        Volume v = client.volume(ServedEngine.VOLUME);
        ObjectId f = v.create(v.root(), "big", 0644, ServedEngine.OWNER, true).id();
        try (FileHandle h = v.open(f, OpenMode.READ_WRITE)) {
          h.write(0, ByteBuffer.wrap(random(MIB, 8)));
          h.write(MIB, ByteBuffer.wrap(random(MIB, 9)));
          assertThat(read(h, MIB, MIB)).isEqualTo(random(MIB, 9));
        }
        assertThat(e.server.descriptorsPassed()).isZero();
      } finally {
        client.close();
      }
    }
  }
}
