package dev.estuary.dataset;

import dev.estuary.core.Frontend;
import dev.estuary.core.FrontendContext;
import dev.estuary.core.RunningFrontend;
import dev.estuary.dataset.internal.server.DatasetOptions;
import dev.estuary.dataset.internal.server.DatasetServer;
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

  /** Creates the frontend; it does nothing until {@link #start}. */
  public DatasetFrontend() {}

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
