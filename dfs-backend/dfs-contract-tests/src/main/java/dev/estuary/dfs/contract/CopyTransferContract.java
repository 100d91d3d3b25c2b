package dev.estuary.dfs.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.estuary.dfs.ErrorKind;
import dev.estuary.dfs.FileHandle;
import dev.estuary.dfs.ObjectId;
import dev.estuary.dfs.OpenMode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.Pipe;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.channels.WritableByteChannel;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** {@link FileHandle#copyTo} and {@link FileHandle#transferTo}, which every backend offers. */
public abstract class CopyTransferContract extends DfsContractSupport {

  @Test
  void copyTo_otherFile_copiesTheRangeAndExtendsTheTarget() {
    byte[] data = randomBytes(200_000, 1);
    ObjectId src = createFile(root, "src", data).id();
    ObjectId dst = createFile(root, "dst", new byte[] {9, 9, 9}).id();
    try (FileHandle s = volume.open(src, OpenMode.READ);
        FileHandle d = volume.open(dst, OpenMode.READ_WRITE)) {

      assertThat(s.copyTo(1000, d, 2, 150_000)).isEqualTo(150_000);

      assertThat(d.size()).isEqualTo(150_002);
      byte[] got = readAll(d);
      assertThat(got[0]).isEqualTo((byte) 9);
      assertThat(got[1]).isEqualTo((byte) 9);
      assertThat(Arrays.copyOfRange(got, 2, 150_002))
          .isEqualTo(Arrays.copyOfRange(data, 1000, 151_000));
    }
    assertThat(readAll(src)).isEqualTo(data);
  }

  @Test
  void copyTo_pastTheSourceEnd_stopsEarlyAndReturnsTheCount() {
    ObjectId src = createFile(root, "src", randomBytes(1000, 2)).id();
    ObjectId dst = createFile(root, "dst").id();
    try (FileHandle s = volume.open(src, OpenMode.READ);
        FileHandle d = volume.open(dst, OpenMode.WRITE)) {

      assertThat(s.copyTo(900, d, 0, 5000)).isEqualTo(100);
      assertThat(s.copyTo(1000, d, 0, 10)).isZero();
      assertThat(s.copyTo(5000, d, 0, 10)).isZero();
      assertThat(d.size()).isEqualTo(100);
    }
    assertThat(readAll(dst)).isEqualTo(Arrays.copyOfRange(randomBytes(1000, 2), 900, 1000));
  }

  // copyTo copies "a range": the bytes the range held when the call started, as memmove does,
  // even when source and target overlap in the same file (copy_file_range itself refuses that).
  @Test
  void copyTo_sameHandleOverlappingForward_behavesAsIfReadBeforeWritten() {
    byte[] data = randomBytes(100_000, 3);
    ObjectId f = createFile(root, "f", data).id();
    try (FileHandle h = volume.open(f, OpenMode.READ_WRITE)) {

      assertThat(h.copyTo(0, h, 30_000, 60_000)).isEqualTo(60_000);

      byte[] expected = data.clone();
      System.arraycopy(data, 0, expected, 30_000, 60_000);
      assertThat(readAll(h)).isEqualTo(expected);
    }
  }

  @Test
  void copyTo_sameHandleOverlappingBackward_behavesAsIfReadBeforeWritten() {
    byte[] data = randomBytes(100_000, 4);
    ObjectId f = createFile(root, "f", data).id();
    try (FileHandle h = volume.open(f, OpenMode.READ_WRITE)) {

      assertThat(h.copyTo(10_000, h, 3, 90_000)).isEqualTo(90_000);

      byte[] expected = data.clone();
      System.arraycopy(data, 10_000, expected, 3, 90_000);
      assertThat(readAll(h)).isEqualTo(expected);
    }
  }

  @Test
  void copyTo_sameFileBeyondItsEnd_growsIt() {
    byte[] data = randomBytes(5000, 5);
    ObjectId f = createFile(root, "f", data).id();
    try (FileHandle h = volume.open(f, OpenMode.READ_WRITE)) {

      assertThat(h.copyTo(0, h, 5000, 5000)).isEqualTo(5000);

      byte[] expected = Arrays.copyOf(data, 10_000);
      System.arraycopy(data, 0, expected, 5000, 5000);
      assertThat(readAll(h)).isEqualTo(expected);
    }
  }

  @Test
  void copyTo_readOnlyTargetOrWriteOnlySource_fails() {
    ObjectId src = createFile(root, "src", new byte[] {1}).id();
    ObjectId dst = createFile(root, "dst").id();
    List<ErrorKind> denied = List.of(ErrorKind.READ_ONLY, ErrorKind.NOT_PERMITTED);
    try (FileHandle s = volume.open(src, OpenMode.READ);
        FileHandle sw = volume.open(src, OpenMode.WRITE);
        FileHandle d = volume.open(dst, OpenMode.READ);
        FileHandle dw = volume.open(dst, OpenMode.WRITE)) {
      assertAnyKind(denied, () -> s.copyTo(0, d, 0, 1));
      assertAnyKind(denied, () -> sw.copyTo(0, dw, 0, 1));
      assertThat(dw.size()).isZero();
    }
  }

  @Test
  void transferTo_byteArrayChannel_sendsTheRangeAndShortensAtTheEnd() throws IOException {
    byte[] data = randomBytes(300_000, 6);
    ObjectId f = createFile(root, "f", data).id();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (FileHandle h = volume.open(f, OpenMode.READ);
        WritableByteChannel target = Channels.newChannel(out)) {

      long sent = 0;
      while (sent < 250_000) {
        long n = h.transferTo(50_000 + sent, 250_000 - sent, target);
        assertThat(n).isPositive();
        sent += n;
      }
      assertThat(out.toByteArray()).isEqualTo(Arrays.copyOfRange(data, 50_000, 300_000));

      assertThat(h.transferTo(300_000, 10, target)).isZero();
      assertThat(h.transferTo(400_000, 10, target)).isZero();
      out.reset();
      assertThat(h.transferTo(299_990, 100, target)).isEqualTo(10);
      assertThat(out.toByteArray()).isEqualTo(Arrays.copyOfRange(data, 299_990, 300_000));
    }
  }

  @Test
  void transferTo_pipe_deliversEveryByteToTheReader() throws Exception {
    byte[] data = randomBytes(1 << 20, 7);
    ObjectId f = createFile(root, "f", data).id();
    Pipe pipe = Pipe.open();
    CompletableFuture<byte[]> reader =
        CompletableFuture.supplyAsync(
            () -> {
              ByteArrayOutputStream got = new ByteArrayOutputStream();
              ByteBuffer buf = ByteBuffer.allocate(16 * 1024);
              try (Pipe.SourceChannel source = pipe.source()) {
                while (source.read(buf.clear()) >= 0) {
                  got.write(buf.array(), 0, buf.position());
                }
              } catch (IOException e) {
                throw new UncheckedIOException(e);
              }
              return got.toByteArray();
            });
    try (FileHandle h = volume.open(f, OpenMode.READ);
        Pipe.SinkChannel sink = pipe.sink()) {
      long sent = 0;
      while (sent < data.length) {
        sent += h.transferTo(sent, data.length - sent, sink);
      }
      assertThat(sent).isEqualTo(data.length);
    }
    assertThat(reader.get(30, TimeUnit.SECONDS)).isEqualTo(data);
  }

  @Test
  void transferTo_socket_deliversEveryByteOfSmallAndLargeFiles() throws Exception {
    byte[] small = randomBytes(100, 8);
    byte[] large = randomBytes((1 << 20) + 3, 9);
    ObjectId s = createFile(root, "small", small).id();
    ObjectId l = createFile(root, "large", large).id();
    try (ServerSocketChannel server =
        ServerSocketChannel.open().bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
      CompletableFuture<byte[]> received =
          CompletableFuture.supplyAsync(
              () -> {
                try (SocketChannel peer = server.accept()) {
                  return peer.socket().getInputStream().readAllBytes();
                } catch (IOException e) {
                  throw new UncheckedIOException(e);
                }
              });
      try (SocketChannel client = SocketChannel.open(server.getLocalAddress());
          FileHandle hs = volume.open(s, OpenMode.READ);
          FileHandle hl = volume.open(l, OpenMode.READ)) {
        sendAll(hs, 0, small.length, client);
        sendAll(hl, 7, large.length - 7, client);
      }
      byte[] expected = new byte[small.length + large.length - 7];
      System.arraycopy(small, 0, expected, 0, small.length);
      System.arraycopy(large, 7, expected, small.length, large.length - 7);
      assertThat(received.get(30, TimeUnit.SECONDS)).isEqualTo(expected);
    }
  }

  private static void sendAll(FileHandle h, long position, long count, WritableByteChannel to) {
    long sent = 0;
    while (sent < count) {
      long n = h.transferTo(position + sent, count - sent, to);
      assertThat(n).as("bytes sent at %d", position + sent).isPositive();
      sent += n;
    }
  }

  @Test
  void transferTo_writeOnlyHandle_fails() {
    ObjectId f = createFile(root, "f", new byte[] {1}).id();
    try (FileHandle h = volume.open(f, OpenMode.WRITE)) {
      assertAnyKind(
          List.of(ErrorKind.READ_ONLY, ErrorKind.NOT_PERMITTED),
          () -> h.transferTo(0, 1, Channels.newChannel(new ByteArrayOutputStream())));
    }
  }
}
