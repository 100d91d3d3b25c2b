package dev.estuary.dataset;

import dev.estuary.core.Frontend;
import dev.estuary.core.FrontendContext;
import dev.estuary.core.FrontendOption;
import dev.estuary.core.RunningFrontend;
import dev.estuary.dataset.internal.server.DatasetOptions;
import dev.estuary.dataset.internal.server.DatasetServer;
import java.util.List;
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
          "Most suffix filters in one Scan."));

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
