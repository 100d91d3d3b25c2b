package dev.estuary.dfs.remote;

import static org.assertj.core.api.Assertions.assertThat;

import dev.estuary.dfs.Attributes;
import dev.estuary.dfs.Dfs;
import dev.estuary.dfs.ForwardingDfs;
import dev.estuary.dfs.ForwardingVolume;
import dev.estuary.dfs.ObjectId;
import dev.estuary.dfs.Ownership;
import dev.estuary.dfs.Volume;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Which server thread runs a backend call: the short metadata reads run on the Netty event loop
 * that read the request (no hand-off to a worker and back, two thread wake-ups per call), and
 * every call that writes (and so may fsync) runs on a worker, never stalling the connection.
 */
class RemoteCallThreadsTest {
  @TempDir Path dir;

  /** The thread name each backend method last ran on. */
  private final Map<String, String> threads = new ConcurrentHashMap<>();

  private Dfs recording(Dfs engine) {
    return new ForwardingDfs(engine) {
      @Override
      public Volume volume(String name) {
        return new ForwardingVolume(super.volume(name)) {
          @Override
          public Attributes getAttributes(ObjectId id) {
            threads.put("getAttributes", Thread.currentThread().getName());
            return super.getAttributes(id);
          }

          @Override
          public Attributes lookup(ObjectId parent, String name) {
            threads.put("lookup", Thread.currentThread().getName());
            return super.lookup(parent, name);
          }

          @Override
          public Attributes create(ObjectId parent, String name, int mode, Ownership owner, boolean exclusive) {
            threads.put("create", Thread.currentThread().getName());
            return super.create(parent, name, mode, owner, exclusive);
          }
        };
      }
    };
  }

  @Test
  void metadataReadsRunOnTheEventLoop_writesOnAWorker() throws Exception {
    try (ServedEngine e = new ServedEngine(dir, this::recording, b -> b)) {
      // Over gRPC (a client without the descriptor socket).
      RemoteDfs grpcOnly = RemoteDfs.connect(e.endpoint(), RemoteOptions.DEFAULTS
          .withDeadline(java.time.Duration.ofSeconds(10)).withDirectMinimum(RemoteOptions.DIRECT_OFF));
      try {
        Volume v = grpcOnly.volume(ServedEngine.VOLUME);
        ObjectId f = v.create(v.root(), "f", 0644, ServedEngine.OWNER, true).id();
        assertThat(v.getAttributes(f).id()).isEqualTo(f);
        assertThat(v.lookup(v.root(), "f").id()).isEqualTo(f);

        assertThat(threads.get("getAttributes")).startsWith("estuary-remote-io");
        assertThat(threads.get("lookup")).startsWith("estuary-remote-io");
        assertThat(threads.get("create")).startsWith("estuary-remote-server");
      } finally {
        grpcOnly.close();
      }
    }
  }

  @Test
  void overTheDescriptorSocket_metadataReadsRunOnItsConnectionThread() throws Exception {
    try (ServedEngine e = new ServedEngine(dir, this::recording, b -> b)) {
      Volume v = e.connect().volume(ServedEngine.VOLUME);
      ObjectId f = v.create(v.root(), "f", 0644, ServedEngine.OWNER, true).id();
      assertThat(v.getAttributes(f).id()).isEqualTo(f);
      assertThat(v.lookup(v.root(), "f").id()).isEqualTo(f);

      // One blocking thread per descriptor connection: a read there is one wake-up per side.
      assertThat(threads.get("getAttributes")).startsWith("estuary-remote-fd");
      assertThat(threads.get("lookup")).startsWith("estuary-remote-fd");
      assertThat(threads.get("create")).startsWith("estuary-remote-server");
    }
  }
}
