package dev.estuary.core.cli;

import dev.estuary.core.GatewayConfig;
import dev.estuary.core.internal.GatewayException;
import dev.estuary.core.internal.config.ConfigKey;
import dev.estuary.core.internal.server.Gateway;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code estuary engine}: node mode's engine daemon (DESIGN §6.2). Owns the data directory, opens
 * the embedded engine and serves it with the user store to the node's frontend processes on a
 * unix socket, optionally on TCP with TLS and a node token; runs its own admin endpoint ({@code
 * /metrics}, {@code /health}, the admin API the CLI uses). Starts no frontend.
 */
@Command(name = "engine", mixinStandardHelpOptions = true,
    description = "Run the engine daemon of a node: the backend and the identities on a socket"
        + " for frontend processes (estuary serve --backend unix:PATH).")
public final class EngineCommand implements Callable<Integer> {
  /** The environment variable that may carry the node token instead of a file. */
  static final String NODE_TOKEN_ENV = "ESTUARY_NODE_TOKEN";

  private final CliContext ctx;

  @Mixin ConfigOptions options = new ConfigOptions();

  @Option(names = "--socket", paramLabel = "PATH",
      description = "Unix socket of the engine (default <data>/run/engine.sock; mode 0660).")
  @Nullable Path socket;

  @Option(names = "--listen", paramLabel = "HOST:PORT",
      description = "Also listen on TCP, with TLS and a node token (--tls-cert, --tls-key,"
          + " --node-token-file or env " + NODE_TOKEN_ENV + ").")
  @Nullable String listen;

  @Option(names = "--tls-cert", paramLabel = "FILE",
      description = "PEM certificate chain of the TCP listener.")
  @Nullable Path tlsCert;

  @Option(names = "--tls-key", paramLabel = "FILE", description = "PEM private key of --tls-cert.")
  @Nullable Path tlsKey;

  @Option(names = "--node-token-file", paramLabel = "FILE",
      description = "File holding the node token TCP clients must send (env " + NODE_TOKEN_ENV
          + " instead).")
  @Nullable Path nodeTokenFile;

  @Option(names = "--bind", paramLabel = "ADDR",
      description = "Admin endpoint address (default 127.0.0.1; env ESTUARY_BIND).")
  @Nullable String bind;

  @Option(names = "--admin-port", paramLabel = "N", description = "Admin HTTP port (default 9180).")
  @Nullable String adminPort;

  @Option(names = "--admin-tls", paramLabel = "MODE",
      description = "TLS on the admin port: auto (unless bound to loopback), on, off (default auto).")
  @Nullable String adminTls;

  @Option(names = "--log-level", paramLabel = "LEVEL",
      description = "error, warn, info, debug or trace (default info).")
  @Nullable String logLevel;

  @Option(names = "--drain", paramLabel = "SECONDS", defaultValue = "10",
      description = "Longest wait for calls in flight when stopping (default 10).")
  long drainSeconds;

  /**
   * Creates the command.
   *
   * @param ctx the process context
   */
  public EngineCommand(CliContext ctx) {
    this.ctx = ctx;
  }

  @Override
  public Integer call() throws Exception {
    if (drainSeconds < 0) {
      throw new GatewayException("--drain: " + drainSeconds + " (expected: >= 0)");
    }
    if (!options.frontendOptions.isEmpty()) {
      throw new GatewayException("--frontend-option: " + options.frontendOptions.getFirst()
          + " (expected: none; the engine daemon runs no frontend, give it to estuary serve)");
    }
    Map<ConfigKey, String> flags = new EnumMap<>(ConfigKey.class);
    ServeCommand.put(flags, ConfigKey.BIND, bind);
    ServeCommand.put(flags, ConfigKey.ADMIN_PORT, adminPort);
    ServeCommand.put(flags, ConfigKey.ADMIN_TLS, adminTls);
    ServeCommand.put(flags, ConfigKey.LOG_LEVEL, logLevel);
    flags.put(ConfigKey.FRONTENDS, "none");
    GatewayConfig config = options.load(ctx, flags);
    Path sock = socket != null ? socket.toAbsolutePath()
        : config.dataDirectory().toAbsolutePath().normalize().resolve("run").resolve("engine.sock");
    Gateway gateway = Gateway.start(config,
        new Gateway.Environment(ctx.env(), ctx.clock(), ctx.random(), ctx.loader(), ctx.out()),
        new Gateway.EngineListeners(sock, tcp()));
    return ServeCommand.runUntilStopped(ctx, gateway, Duration.ofSeconds(drainSeconds));
  }

  /** The TCP listener, refused unless TLS and a node token come with it. */
  private Gateway.@Nullable Tcp tcp() {
    if (listen == null) {
      if (tlsCert != null || tlsKey != null || nodeTokenFile != null) {
        throw new GatewayException("--tls-cert, --tls-key, --node-token-file: given without"
            + " --listen (expected: them only with a TCP listener)");
      }
      return null;
    }
    String envToken = ctx.env().get(NODE_TOKEN_ENV);
    if (tlsCert == null || tlsKey == null || (nodeTokenFile == null && envToken == null)) {
      throw new GatewayException("--listen " + listen + ": TCP without "
          + (tlsCert == null || tlsKey == null ? "TLS" : "a node token") + " (expected:"
          + " --tls-cert and --tls-key, and --node-token-file or env " + NODE_TOKEN_ENV
          + "; the unix socket needs none)");
    }
    String token = envToken;
    if (nodeTokenFile != null) {
      try {
        token = Files.readString(nodeTokenFile, StandardCharsets.UTF_8).strip();
      } catch (IOException e) {
        throw new GatewayException("--node-token-file: " + nodeTokenFile + " cannot be read ("
            + e.getMessage() + ")", e);
      }
    }
    if (token == null || token.length() < 16) {
      throw new GatewayException("node token: " + (token == null ? 0 : token.length())
          + " characters (expected: at least 16)");
    }
    return new Gateway.Tcp(address(listen), tlsCert, tlsKey, token);
  }

  private static InetSocketAddress address(String spec) {
    int colon = spec.lastIndexOf(':');
    String host = colon > 0 ? spec.substring(0, colon) : "";
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    int port;
    try {
      port = Integer.parseInt(spec.substring(colon + 1));
    } catch (NumberFormatException e) {
      port = -1;
    }
    if (host.isEmpty() || port < 0 || port > 65_535) {
      throw new GatewayException("--listen: '" + spec
          + "' (expected: HOST:PORT, e.g. 127.0.0.1:9190 or [::1]:9190; port 0 picks one)");
    }
    try {
      return new InetSocketAddress(InetAddress.getByName(host), port);
    } catch (UnknownHostException e) {
      throw new GatewayException("--listen: host '" + host + "' does not resolve (expected: an"
          + " address or a known host name)", e);
    }
  }
}
