package dev.estuary.core.cli;

import dev.estuary.core.FrontendOption;
import dev.estuary.core.GatewayConfig;
import dev.estuary.core.internal.config.ConfigKey;
import dev.estuary.core.internal.config.ConfigLoader;
import dev.estuary.core.internal.server.Frontends;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Option;

/** The options every command that touches a data directory shares. */
public final class ConfigOptions {
  @Option(names = "--data", paramLabel = "DIR",
      description = "Data directory (default ./estuary-data; env ESTUARY_DATA).")
  @Nullable String data;

  @Option(names = "--config", paramLabel = "FILE", description = "YAML configuration file.")
  @Nullable Path config;

  @Option(names = "--backend", paramLabel = "NAME",
      description = "Backend implementation (default engine; env ESTUARY_BACKEND).")
  @Nullable String backend;

  @Option(names = "--backend-option", paramLabel = "K=V",
      description = "Backend option, repeatable (env ESTUARY_BACKEND_OPTIONS=k=v,k2=v2).")
  List<String> backendOptions = new ArrayList<>();

  @Option(names = "--frontend-option", paramLabel = "F.K=V",
      description = "Frontend option such as dataset.tls-cert=FILE, repeatable (env ESTUARY_FRONTEND_OPTIONS).")
  List<String> frontendOptions = new ArrayList<>();

  /** Creates the options. */
  public ConfigOptions() {}

  /**
   * Loads the configuration with these flags and any more a command adds.
   *
   * @param ctx the process context
   * @param more further flag values of the command
   * @return the configuration
   */
  GatewayConfig load(CliContext ctx, Map<ConfigKey, String> more) {
    return load(ctx, more, Map.of(), List.of());
  }

  /**
   * Loads the configuration with these flags, a command's further flags and frontend flags.
   *
   * @param ctx the process context
   * @param more further flag values of the command
   * @param ports {@code --<frontend>-port} values by frontend
   * @param moreFrontendOptions {@code --<frontend>-<option>} values as {@code frontend.option=v}
   * @return the configuration
   */
  GatewayConfig load(CliContext ctx, Map<ConfigKey, String> more, Map<String, String> ports,
      List<String> moreFrontendOptions) {
    // Each frontend in the build names its options, so their ESTUARY_<F>_<OPTION> variables work.
    Map<String, Set<String>> declared = new TreeMap<>();
    try {
      Frontends.available(ctx.loader()).forEach((name, f) -> declared.put(name,
          f.options().stream().map(FrontendOption::name).collect(Collectors.toSet())));
    } catch (RuntimeException e) {
      // Two frontends with one name: serve reports it; other commands need no frontend.
    }
    List<String> allFrontendOptions = new ArrayList<>(frontendOptions);
    allFrontendOptions.addAll(moreFrontendOptions);
    Map<ConfigKey, String> flags = new EnumMap<>(ConfigKey.class);
    if (data != null) {
      flags.put(ConfigKey.DATA, data);
    }
    if (backend != null) {
      flags.put(ConfigKey.BACKEND, backend);
    }
    flags.putAll(more);
    return ConfigLoader.load(config, ctx.env(), flags, backendOptions, allFrontendOptions, ports,
        declared);
  }
}
