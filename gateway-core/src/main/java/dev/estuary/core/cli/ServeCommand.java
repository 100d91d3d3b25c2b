package dev.estuary.core.cli;

import dev.estuary.core.Endpoint;
import dev.estuary.core.Frontend;
import dev.estuary.core.GatewayConfig;
import dev.estuary.core.internal.config.ConfigKey;
import dev.estuary.core.internal.server.Frontends;
import dev.estuary.core.internal.server.Gateway;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code estuary serve}: the all-in-one server (DESIGN §6.1). */
@Command(name = "serve", mixinStandardHelpOptions = true,
    description = "Run the gateway: the backend, the admin endpoint and the enabled frontends.")
public final class ServeCommand implements Callable<Integer> {
  private final CliContext ctx;

  @Mixin ConfigOptions options = new ConfigOptions();

  @Option(names = "--bind", paramLabel = "ADDR",
      description = "Listen address (default 127.0.0.1; env ESTUARY_BIND).")
  @Nullable String bind;

  @Option(names = "--frontends", paramLabel = "LIST",
      description = "all, none, or a comma-separated list (default all; env ESTUARY_FRONTENDS).")
  @Nullable String frontends;

  @Option(names = "--admin-port", paramLabel = "N", description = "Admin HTTP port (default 9180).")
  @Nullable String adminPort;

  @Option(names = "--s3-port", paramLabel = "N", description = "S3 port (default 9000).")
  @Nullable String s3Port;

  @Option(names = "--s3-region", paramLabel = "REGION",
      description = "Region the S3 frontend reports and signs for (default us-east-1).")
  @Nullable String s3Region;

  @Option(names = "--s3-domain", paramLabel = "DOMAIN",
      description = "Base domain of virtual-host-style S3 requests (default: path-style only).")
  @Nullable String s3Domain;

  @Option(names = "--smb-port", paramLabel = "N", description = "SMB port (default 4450).")
  @Nullable String smbPort;

  @Option(names = "--nfs-port", paramLabel = "N", description = "NFS port (default 2049).")
  @Nullable String nfsPort;

  @Option(names = "--dataset-port", paramLabel = "N",
      description = "Dataset service port (default 9190).")
  @Nullable String datasetPort;

  @Option(names = "--log-level", paramLabel = "LEVEL",
      description = "error, warn, info, debug or trace (default info).")
  @Nullable String logLevel;

  @Option(names = "--drain", paramLabel = "SECONDS", defaultValue = "10",
      description = "Longest wait for requests in flight when stopping (default 10).")
  long drainSeconds;

  /**
   * Creates the command.
   *
   * @param ctx the process context
   */
  public ServeCommand(CliContext ctx) {
    this.ctx = ctx;
  }

  @Override
  public Integer call() throws Exception {
    Map<ConfigKey, String> flags = new EnumMap<>(ConfigKey.class);
    put(flags, ConfigKey.BIND, bind);
    put(flags, ConfigKey.FRONTENDS, frontends);
    put(flags, ConfigKey.ADMIN_PORT, adminPort);
    put(flags, ConfigKey.S3_PORT, s3Port);
    put(flags, ConfigKey.S3_REGION, s3Region);
    put(flags, ConfigKey.S3_DOMAIN, s3Domain);
    put(flags, ConfigKey.SMB_PORT, smbPort);
    put(flags, ConfigKey.NFS_PORT, nfsPort);
    put(flags, ConfigKey.DATASET_PORT, datasetPort);
    put(flags, ConfigKey.LOG_LEVEL, logLevel);
    if (drainSeconds < 0) {
      throw new CommandLine.ParameterException(new CommandLine(this),
          "--drain: " + drainSeconds + " (expected: >= 0)");
    }
    // A port flag for a frontend this build lacks is a mistake worth stopping for.
    Map<String, Frontend> available = Frontends.available(ctx.loader());
    for (ConfigKey k : flags.keySet()) {
      String fe = k.portFrontend().orElse(null);
      if (fe != null && !available.containsKey(fe)) {
        throw new IllegalArgumentException(k.flag() + ": frontend '" + fe
            + "' is not available in this build (available: " + Frontends.describe(available) + ")");
      }
    }
    GatewayConfig config = options.load(ctx, flags);
    Gateway gateway = Gateway.start(config,
        new Gateway.Environment(ctx.env(), ctx.clock(), ctx.random(), ctx.loader(), ctx.out()));
    Duration drain = Duration.ofSeconds(drainSeconds);
    // The hook goes in before the endpoints are printed: whoever waits for them may stop us at once.
    if (ctx.shutdownHook()) {
      Runtime.getRuntime().addShutdownHook(new Thread(() -> {
        gateway.stop(drain);
        ctx.out().flush();
        // SIGTERM/SIGINT would otherwise end the JVM with 143/130; a graceful stop is a success.
        Runtime.getRuntime().halt(0);
      }, "estuary-shutdown"));
    }
    for (Endpoint e : gateway.endpoints()) {
      ctx.out().println(e.line());
    }
    ctx.out().flush();
    gateway.awaitStopped();
    return 0;
  }

  private static void put(Map<ConfigKey, String> flags, ConfigKey key, @Nullable String value) {
    if (value != null) {
      flags.put(key, value);
    }
  }
}
