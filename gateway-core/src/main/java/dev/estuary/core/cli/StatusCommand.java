package dev.estuary.core.cli;

import dev.estuary.core.GatewayConfig;
import dev.estuary.core.ServerTls;
import dev.estuary.core.internal.admin.AdminOperations;
import dev.estuary.core.internal.admin.AdminViews;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code estuary status}: whether a server runs on the data directory, what it holds, and who is connected. */
@Command(name = "status", mixinStandardHelpOptions = true,
    description = "Show whether a server runs on the data directory, its endpoints, counts, and its"
        + " client sessions (SMB sessions with their open files, NFS clients).")
public final class StatusCommand implements Callable<Integer> {
  private final CliContext ctx;
  @Mixin ConfigOptions options = new ConfigOptions();

  /**
   * Creates the command.
   *
   * @param ctx the process context
   */
  public StatusCommand(CliContext ctx) {
    this.ctx = ctx;
  }

  @Override
  public Integer call() {
    GatewayConfig config = options.load(ctx, Map.of());
    try (AdminOperations ops = AdminSession.open(ctx, config, true)) {
      AdminViews.StatusView s = ops.status();
      ctx.out().println("estuary " + s.version());
      ctx.out().println("data      " + s.dataDirectory());
      ctx.out().println("backend   " + s.backend());
      ctx.out().println("server    " + (s.running() ? "running" : "stopped"));
      for (String e : s.endpoints()) {
        ctx.out().println("  " + e);
      }
      // The generated certificate clients import (--ca-bundle), running or not.
      ServerTls.generatedFingerprint(config.dataDirectory()).ifPresent(f -> ctx.out().println(
          "tls       " + ServerTls.directory(config.dataDirectory().toAbsolutePath())
              .resolve(ServerTls.GENERATED_CERTIFICATE) + " SHA-256 " + f));
      ctx.out().println("volumes   " + s.volumes());
      ctx.out().println("users     " + s.users());
      ctx.out().println("domain    " + s.domainSid());
      if (s.running()) {
        ctx.out().println("sessions  " + s.sessions().size());
        for (AdminViews.SessionView v : s.sessions()) {
          ctx.out().println("  " + v.frontend() + " " + v.user() + " from " + v.client() + " " + v.protocol()
              + " " + v.security() + " since " + v.openedAt() + ", " + v.opens().size() + " open");
          for (AdminViews.OpenView o : v.opens()) {
            ctx.out().println("    " + o.share() + " \\" + o.path() + " access=" + o.access() + " share="
                + o.shareMode() + " locks=" + o.locks());
          }
        }
      }
    }
    return 0;
  }
}
