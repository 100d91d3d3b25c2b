package dev.estuary.distribution;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;

/**
 * {@link TorchClientIT} once more in node mode: the Python package's pytest suite (DataLoader
 * reads, S3 cross-checks, checkpoints) against the dataset and S3 frontends of an {@code estuary
 * serve --backend unix:...} process, whose engine is an {@code estuary engine} process on the data
 * directory the CLI prepared.
 */
class NodeModeTorchClientIT extends TorchClientIT {
  private EstuaryProcess engine;

  @Override
  EstuaryProcess startServer(Path tmp, String data, String... args) throws Exception {
    Path socket = Path.of(data, "run", "engine.sock");
    engine = EstuaryProcess.start(Map.of(), "engine", "--data", data, "--bind", "127.0.0.1",
        "--admin-port", "0");
    engine.awaitStdout(l -> l.startsWith("engine") && l.contains("unix:" + socket),
        Duration.ofSeconds(60));
    List<String> serve = new ArrayList<>(List.of("serve", "--backend", "unix:" + socket,
        "--data", tmp.resolve("frontend-state").toString()));
    serve.addAll(List.of(args));
    return EstuaryProcess.start(Map.of(), serve.toArray(String[]::new));
  }

  /** A failed run leaves no daemon behind. */
  @AfterEach
  void killEngine() {
    if (engine != null) {
      engine.close();
    }
  }

  @Override
  void stopServer(EstuaryProcess server) throws Exception {
    try {
      super.stopServer(server);
    } finally {
      assertThat(engine.terminate(Duration.ofSeconds(30))).isEqualTo(0);
    }
  }
}
