package dev.estuary.dfs.remote;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.estuary.dfs.ChangeEvent;
import dev.estuary.dfs.ChangeKind;
import dev.estuary.dfs.ObjectId;
import dev.estuary.dfs.Volume;
import dev.estuary.dfs.WatchScope;
import dev.estuary.dfs.WatchSubscription;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The socket file (mode, stale and live), and watches across clients. */
class RemoteServerTest {
  @TempDir Path dir;

  @Test
  void socketFile_hasMode0660_andALiveServerIsNotReplaced() throws Exception {
    try (ServedEngine e = new ServedEngine(dir)) {
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(e.socket)))
          .isEqualTo("rw-rw----");
      assertThatThrownBy(() -> RemoteServer.builder(e.engine).unixSocket(e.socket).start().close())
          .isInstanceOf(IOException.class).hasMessageContaining("in use");
      assertThat(e.connect().listVolumes()).hasSize(1);
    }
  }

  @Test
  void staleSocketFile_isReplaced_butAnotherFileIsNot() throws Exception {
    Path socketDir = Files.createTempDirectory("rdfs");
    Path stale = socketDir.resolve("stale.sock");
    try (ServerSocketChannel dead = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
      dead.bind(UnixDomainSocketAddress.of(stale));
    }
    assertThat(stale).exists();
    Path regular = Files.writeString(socketDir.resolve("regular"), "keep");
    try (ServedEngine e = new ServedEngine(dir)) {
      try (RemoteServer s = RemoteServer.builder(e.engine).unixSocket(stale).start();
          RemoteDfs c = RemoteDfs.connect(RemoteEndpoint.unix(stale), RemoteOptions.DEFAULTS)) {
        assertThat(c.listVolumes()).hasSize(1);
        assertThat(s.addresses()).hasSize(1);
      }
      assertThatThrownBy(() -> RemoteServer.builder(e.engine).unixSocket(regular).start().close())
          .isInstanceOf(IOException.class).hasMessageContaining("not a socket");
      assertThat(Files.readString(regular)).isEqualTo("keep");
    } finally {
      Files.deleteIfExists(regular);
      Files.deleteIfExists(stale);
      Files.deleteIfExists(socketDir);
    }
  }

  @Test
  void watch_seesAChangeMadeByAnotherClient() throws Exception {
    ExecutorService executor = Executors.newSingleThreadExecutor();
    try (ServedEngine e = new ServedEngine(dir)) {
      Volume watching = e.connect().volume(ServedEngine.VOLUME);
      Volume writing = e.connect().volume(ServedEngine.VOLUME);
      LinkedBlockingQueue<ChangeEvent> events = new LinkedBlockingQueue<>();
      try (WatchSubscription sub = watching.watch(watching.root(), WatchScope.DIRECTORY, 64,
          executor, events::add)) {
        assertThat(e.server.openReferences()).isEqualTo(1);
        ObjectId f = writing.create(writing.root(), "from-the-other", 0644, ServedEngine.OWNER, true).id();
        ChangeEvent ev = events.poll(20, TimeUnit.SECONDS);
        assertThat(ev).isNotNull();
        assertThat(ev.kind()).isEqualTo(ChangeKind.CREATED);
        assertThat(ev.object()).isEqualTo(f);
        assertThat(ev.name()).isEqualTo("from-the-other");
        assertThat(sub.target()).isEqualTo(watching.root());
      }
      assertThat(e.server.openReferences()).isZero();
    } finally {
      executor.shutdownNow();
    }
  }
}
