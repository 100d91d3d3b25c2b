package dev.estuary.dataset;

import dev.estuary.core.Frontend;
import dev.estuary.core.FrontendContext;
import dev.estuary.core.FrontendOption;
import dev.estuary.core.RunningFrontend;
import dev.estuary.dataset.internal.server.DatasetOptions;
import dev.estuary.dataset.internal.server.DatasetServer;
import java.util.List;
import java.util.regex.Pattern;
import java.util.Map;

/**
 * The PyTorch dataset service as a launcher {@link Frontend} named {@code dataset} (default port
 * 9190): gRPC service {@code estuary.dataset.v1.DatasetService} with Scan, Get, GetBatch,
 * ReadRange, WriteCheckpoint, ReadCheckpoint and Stat over every volume, bearer-token
 * authentication and per-volume grants. Settings come from the frontend options {@code dataset.*}
 * (gateway-core CONFIG.md).
 */
public final class DatasetFrontend implements Frontend {

  /** The frontend name. */
  public static final String NAME = "dataset";

  /** The port used when the configuration names none. */
  public static final int DEFAULT_PORT = 9190;

  /**
   * The options of the service; {@link DatasetOptions#fromOptions} reads them. Counts and sizes
   * are checked here for form and range; their relations (chunk sizes against the message size)
   * when the service starts.
   */
  private static final List<FrontendOption> OPTIONS = List.of(
      FrontendOption.readableFile("tls-cert", "PEM certificate chain. With tls-key the service"
          + " accepts TLS only (grpcs://); set both or neither."),
      FrontendOption.readableFile("tls-key", "PEM private key (PKCS#8) of that certificate."),
      FrontendOption.integer("io-threads", "4 per core, at least 8", 1, 4096, "Threads of the"
          + " bounded pool that runs the gRPC handlers and every blocking backend read and write."),
      FrontendOption.integer("scan-threads", "2 per core, at least 4", 1, 4096, "Threads of the pool"
          + " that lists directories for Scan, shared by all scans."),
      FrontendOption.integer("scan-parallelism", "scan-threads", 1, 4096,
          "Directories one Scan lists at once."),
      FrontendOption.integer("max-message-bytes", "8388608", 4096, Integer.MAX_VALUE,
          "Largest inbound gRPC message; larger ones get RESOURCE_EXHAUSTED."),
      FrontendOption.integer("chunk-bytes", "1048576", 1, Integer.MAX_VALUE,
          "Data bytes per streamed message when a request names no chunk_size."),
      FrontendOption.integer("max-chunk-bytes", "4194304", 1, Integer.MAX_VALUE, "Largest"
          + " chunk_size a request may ask for and largest checkpoint data message"
          + " (RESOURCE_EXHAUSTED above); at most max-message-bytes - 1024."),
      FrontendOption.integer("max-batch-paths", "4096", 1, Integer.MAX_VALUE,
          "Most paths in one GetBatch (RESOURCE_EXHAUSTED above)."),
      FrontendOption.integer("max-scan-batch", "65536", 1, Integer.MAX_VALUE,
          "Most entries a Scan may ask per message (batch_size; default 1000)."),
      FrontendOption.integer("max-suffixes", "64", 1, Integer.MAX_VALUE,
          "Most suffix filters in one Scan."),
      FrontendOption.integer("max-checkpoint-bytes", "68719476736", 1, Long.MAX_VALUE,
          "Largest checkpoint one WriteCheckpoint may write (64 GiB by default). A header declaring"
              + " more (total_length) is refused before anything is written, and a stream whose data"
              + " passes it is ended, both with RESOURCE_EXHAUSTED; nothing is published and the"
              + " partial data is dropped."),
      FrontendOption.integer("max-checkpoint-bytes-per-user", "137438953472", 1, Long.MAX_VALUE,
          "Most bytes one user's checkpoints being written may hold before they are published, all"
              + " streams together (128 GiB by default; RESOURCE_EXHAUSTED beyond). Bytes count from"
              + " the header (declared length) or as data arrives, and are released when the stream"
              + " publishes or ends otherwise."),
      FrontendOption.text("checkpoint-idle-timeout", "60s",
          Pattern.compile("[1-9][0-9]{0,9}(ms|s|m)?|P[0-9A-Za-z.]+"),
          "seconds, or a number with ms, s or m, or an ISO-8601 duration",
          "Longest wait for a checkpoint stream's next message (also before its header): a client"
              + " quiet for longer gets DEADLINE_EXCEEDED, its partial data is dropped. Seconds, or a"
              + " number with ms, s or m."));

  /** Creates the frontend; it does nothing until {@link #start}. */
  public DatasetFrontend() {}

  @Override
  public List<FrontendOption> options() {
    return OPTIONS;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public int defaultPort() {
    return DEFAULT_PORT;
  }

  @Override
  public RunningFrontend start(FrontendContext context) throws Exception {
    Map<String, String> options = context.config().optionsOf(NAME);
    return DatasetServer.start(
        context, DatasetOptions.fromOptions(options, Runtime.getRuntime().availableProcessors()));
  }
}
