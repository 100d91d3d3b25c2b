package dev.estuary.core.cli;

import dev.estuary.core.Endpoint;
import dev.estuary.core.Frontend;
import dev.estuary.core.FrontendOption;
import dev.estuary.core.GatewayConfig;
import dev.estuary.core.internal.config.ConfigKey;
import dev.estuary.core.internal.config.ConfigLoader;
import dev.estuary.core.internal.server.Frontends;
import dev.estuary.core.internal.server.Gateway;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Unmatched;

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

  @Option(names = "--admin-tls", paramLabel = "MODE",
      description = "TLS on the admin port: auto (unless bound to loopback), on, off (default auto).")
  @Nullable String adminTls;

  @Option(names = "--admin-tls-cert", paramLabel = "FILE",
      description = "PEM certificate chain of the admin port (default: generated into <data>/tls).")
  @Nullable String adminTlsCert;

  @Option(names = "--admin-tls-key", paramLabel = "FILE",
      description = "PEM private key of --admin-tls-cert.")
  @Nullable String adminTlsKey;

  @Option(names = "--log-level", paramLabel = "LEVEL",
      description = "error, warn, info, debug or trace (default info).")
  @Nullable String logLevel;

  @Option(names = "--drain", paramLabel = "SECONDS", defaultValue = "10",
      description = "Longest wait for requests in flight when stopping (default 10).")
  long drainSeconds;

  @Spec CommandSpec spec = CommandSpec.create();

  /** Arguments no option took: a port flag of a frontend this build lacks, or a mistake. */
  @Unmatched List<String> unmatched = new ArrayList<>();

  /**
   * The flags of the frontends in the build, added by {@link #addFrontendFlags}: for each, the
   * frontend and the option it sets ({@code null} for the port).
   */
  private final Map<OptionSpec, Map.Entry<String, @Nullable String>> frontendFlags =
      new LinkedHashMap<>();

  /**
   * Creates the command.
   *
   * @param ctx the process context
   */
  public ServeCommand(CliContext ctx) {
    this.ctx = ctx;
  }

  /**
   * Adds {@code --<frontend>-port} and {@code --<frontend>-<option>} for every frontend in the
   * build, with the frontend's own descriptions, so that the core names no frontend.
   *
   * @param serve the {@code serve} command line
   * @param available the frontends in the build
   */
  static void addFrontendFlags(CommandLine serve, Map<String, Frontend> available) {
    ServeCommand command = serve.getCommand();
    for (Frontend f : available.values()) {
      add(serve, command, f.name(), null, "N", f.name() + " frontend port (default "
          + f.defaultPort() + "; env " + ConfigLoader.envName(f.name(), "port") + ").");
      for (FrontendOption o : f.options()) {
        add(serve, command, f.name(), o.name(), o.type().toUpperCase(java.util.Locale.ROOT),
            o.description() + " (default " + o.defaultValue() + "; env "
                + ConfigLoader.envName(f.name(), o.name()) + ").");
      }
    }
  }

  private static void add(CommandLine serve, ServeCommand command, String frontend,
      @Nullable String option, String label, String description) {
    String name = "--" + frontend + "-" + (option == null ? "port" : option);
    if (serve.getCommandSpec().findOption(name) != null) {
      return; // a name the core already uses; the option stays reachable as --frontend-option
    }
    OptionSpec spec = OptionSpec.builder(name).paramLabel(label).type(String.class)
        .description(description).build();
    serve.getCommandSpec().addOption(spec);
    command.frontendFlags.put(spec, new java.util.AbstractMap.SimpleImmutableEntry<>(frontend,
        option));
  }

  @Override
  public Integer call() throws Exception {
    Map<String, Frontend> available = Frontends.available(ctx.loader());
    for (String arg : unmatched) {
      java.util.regex.Matcher m = PORT_FLAG.matcher(arg);
      if (m.matches()) {
        // A port flag for a frontend this build lacks is a mistake worth stopping for.
        throw new IllegalArgumentException("--" + m.group(1) + "-port: frontend '" + m.group(1)
            + "' is not available in this build (available: " + Frontends.describe(available)
            + ")");
      }
      if (arg.startsWith("-")) {
        throw new CommandLine.UnmatchedArgumentException(spec.commandLine(),
            "Unknown option: '" + arg + "'");
      }
    }
    if (!unmatched.isEmpty()) {
      throw new CommandLine.UnmatchedArgumentException(spec.commandLine(),
          "Unmatched argument: '" + unmatched.getFirst() + "'");
    }
    Map<String, String> ports = new TreeMap<>();
    List<String> frontendOptions = new ArrayList<>();
    frontendFlags.forEach((spec, target) -> {
      String v = spec.getValue();
      if (v != null) {
        if (target.getValue() == null) {
          ports.put(target.getKey(), v);
        } else {
          frontendOptions.add(target.getKey() + "." + target.getValue() + "=" + v);
        }
      }
    });
    Map<ConfigKey, String> flags = new EnumMap<>(ConfigKey.class);
    put(flags, ConfigKey.BIND, bind);
    put(flags, ConfigKey.FRONTENDS, frontends);
    put(flags, ConfigKey.ADMIN_PORT, adminPort);
    put(flags, ConfigKey.ADMIN_TLS, adminTls);
    put(flags, ConfigKey.ADMIN_TLS_CERT, adminTlsCert);
    put(flags, ConfigKey.ADMIN_TLS_KEY, adminTlsKey);
    put(flags, ConfigKey.LOG_LEVEL, logLevel);
    if (drainSeconds < 0) {
      throw new CommandLine.ParameterException(new CommandLine(this),
          "--drain: " + drainSeconds + " (expected: >= 0)");
    }
    GatewayConfig config = options.load(ctx, flags, ports, frontendOptions);
    Gateway gateway = Gateway.start(config,
        new Gateway.Environment(ctx.env(), ctx.clock(), ctx.random(), ctx.loader(), ctx.out()));
    return runUntilStopped(ctx, gateway, Duration.ofSeconds(drainSeconds));
  }

  /**
   * Prints a started gateway's endpoints and waits until it stops: on SIGTERM or SIGINT through
   * the shutdown hook (the real process), or when a test stops it.
   *
   * @param ctx the process context
   * @param gateway the started gateway
   * @param drain the longest wait for requests in flight when stopping
   * @return the exit code, 0
   * @throws InterruptedException if interrupted while waiting
   */
  static int runUntilStopped(CliContext ctx, Gateway gateway, Duration drain)
      throws InterruptedException {
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

  private static final java.util.regex.Pattern PORT_FLAG =
      java.util.regex.Pattern.compile("--([a-z][a-z0-9]*)-port(=.*)?");

  static void put(Map<ConfigKey, String> flags, ConfigKey key, @Nullable String value) {
    if (value != null) {
      flags.put(key, value);
    }
  }
}
