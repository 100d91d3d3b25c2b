package dev.estuary.core.cli;

import dev.estuary.core.GatewayConfig;
import dev.estuary.core.internal.GatewayException;
import dev.estuary.core.internal.server.BackendOpening;
import dev.estuary.core.internal.server.Backends;
import dev.estuary.core.internal.server.DataDirectory;
import dev.estuary.dfs.DfsException;
import dev.estuary.dfs.DfsProvider;
import dev.estuary.dfs.ErrorKind;
import dev.estuary.dfs.FsckReport;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code estuary fsck [--repair]}: checks a stopped backend ({@code DfsProvider.fsck}). */
@Command(name = "fsck", mixinStandardHelpOptions = true,
    description = "Check (and with --repair fix) the backend of a stopped data directory. Exit"
        + " status 1 if problems remain.")
public final class FsckCommand implements Callable<Integer> {
  private final CliContext ctx;
  @Mixin ConfigOptions options = new ConfigOptions();

  @Option(names = "--repair", description = "Repair what is found.")
  boolean repair;

  /**
   * Creates the command.
   *
   * @param ctx the process context
   */
  public FsckCommand(CliContext ctx) {
    this.ctx = ctx;
  }

  @Override
  public Integer call() {
    GatewayConfig config = options.load(ctx, Map.of());
    if (!Files.exists(config.dataDirectory())) {
      throw new GatewayException("data directory: " + config.dataDirectory().toAbsolutePath()
          + " does not exist (expected: a data directory, see --data)");
    }
    DataDirectory data = DataDirectory.prepare(config.dataDirectory());
    DfsProvider provider = Backends.provider(config.backend(), ctx.loader());
    FsckReport report;
    DataDirectory.Lock lock = data.tryLock().orElseThrow(() -> new GatewayException(
        "data directory: " + data.root() + " is in use by a running server (expected: stop it"
            + " before fsck)"));
    try {
      report = provider.fsck(
          BackendOpening.context(data, config.backend(), ctx.clock(), new SimpleMeterRegistry()),
          repair, line -> ctx.out().println("  " + line));
    } catch (DfsException e) {
      if (e.kind() == ErrorKind.BUSY) {
        throw new GatewayException("data directory: " + data.root()
            + " is in use by another process (expected: a stopped server)", e);
      }
      throw e;
    } finally {
      lock.close();
    }
    for (String p : report.problems()) {
      ctx.out().println("problem: " + p);
    }
    ctx.out().println("checked " + report.objectsChecked() + " objects, "
        + report.problems().size() + " problems, " + report.repaired() + " repaired: "
        + (report.clean() ? "clean" : "NOT clean"));
    return report.clean() ? 0 : 1;
  }
}
