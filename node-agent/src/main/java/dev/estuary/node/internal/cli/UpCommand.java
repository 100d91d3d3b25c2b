package dev.estuary.node.internal.cli;

import dev.estuary.core.cli.CliContext;
import dev.estuary.node.internal.api.AgentApi;
import dev.estuary.node.internal.api.AgentClient;
import dev.estuary.node.internal.api.AgentFile;
import dev.estuary.node.internal.description.NodeDescription;
import dev.estuary.node.internal.podman.ContainerView;
import dev.estuary.node.internal.podman.PodmanClient;
import dev.estuary.node.internal.supervise.HttpHealthProbe;
import dev.estuary.node.internal.supervise.NodeAgent;
import dev.estuary.node.internal.supervise.Preflight;
import dev.estuary.node.internal.supervise.Reconciler;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.file.Files;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Mixin;

/**
 * {@code estuary node up}: checks the description and Podman, makes Podman match the description,
 * then stays in the foreground supervising until SIGTERM (which leaves the containers running, so
 * the agent itself can be restarted or upgraded without touching the node) or {@code node down}.
 * It runs in the foreground on purpose: whatever starts it (systemd, an init script, a container)
 * then supervises the agent, and it needs no pid files or detaching of its own.
 */
@Command(versionProvider = dev.estuary.core.cli.EstuaryCommand.VersionProvider.class,
    name = "up", mixinStandardHelpOptions = true,
    description = "Create or update the node's containers, then supervise them in the foreground.")
public final class UpCommand extends NodeSubcommand {
  @Mixin NodeOptions options = new NodeOptions();

  /**
   * Creates the command.
   *
   * @param ctx the process context
   */
  public UpCommand(CliContext ctx) {
    super(ctx);
  }

  @Override
  int run() throws Exception {
    NodeDescription node = options.load(ctx);
    // The one-shot commands log at warn (Main); the agent's restarts and health changes are what an
    // operator reads, so its own loggers say info.
    if (LoggerFactory.getLogger("dev.estuary.node") instanceof ch.qos.logback.classic.Logger l) {
      l.setLevel(ch.qos.logback.classic.Level.INFO);
    }
    AgentFile running = AgentFile.read(node.stateDirectory());
    if (running != null && new AgentClient(running).alive()) {
      throw new IllegalStateException("node " + node.name() + ": an agent runs already at "
          + running.url() + " (pid " + running.pid() + "; expected: one agent per node; use"
          + " status, restart, upgrade or down)");
    }
    PodmanClient podman = NodeOptions.podman(node);
    List<ContainerView> existing = Preflight.check(node, podman);
    HttpHealthProbe probe = new HttpHealthProbe(node.supervision().probeTimeout());
    for (Reconciler.Action a : Reconciler.up(node, podman, existing, probe)) {
      ctx.out().println(a.container() + " " + a.action());
    }
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    NodeAgent agent = new NodeAgent(node, podman, probe, ctx.clock(), registry,
        Thread.ofPlatform().daemon(false).factory());
    CountDownLatch done = new CountDownLatch(1);
    byte[] secret = new byte[24];
    ctx.random().nextBytes(secret);
    String token = HexFormat.of().formatHex(secret);
    AgentApi api = new AgentApi(node.agentBind(), node.agentPort(), agent, registry, token,
        done::countDown);
    AgentFile file = new AgentFile(node.agentBind(), api.port(), token, ProcessHandle.current()
        .pid());
    file.write(node.stateDirectory());
    agent.start();
    Runnable stop = () -> {
      agent.close();
      api.close();
      try {
        Files.deleteIfExists(AgentFile.path(node.stateDirectory()));
      } catch (java.io.IOException e) {
        ctx.err().println("estuary node up: cannot delete " + AgentFile.path(node.stateDirectory())
            + " (" + e.getMessage() + ")");
      }
    };
    if (ctx.shutdownHook()) {
      Runtime.getRuntime().addShutdownHook(new Thread(() -> {
        if (done.getCount() > 0) {
          stop.run();
        }
        ctx.out().flush();
        Runtime.getRuntime().halt(0);
      }, "estuary-node-shutdown"));
    }
    ctx.out().println("node " + node.name() + ": supervising " + node.roles().size()
        + " containers; agent API " + file.url());
    ctx.out().flush();
    done.await();
    stop.run();
    ctx.out().println("node " + node.name() + ": down");
    return 0;
  }
}
