package dev.estuary.node.internal.cli;

import dev.estuary.core.cli.CliContext;
import dev.estuary.node.internal.api.AgentClient;
import dev.estuary.node.internal.description.ContainerPlan;
import dev.estuary.node.internal.description.NodeDescription;
import dev.estuary.node.internal.description.Role;
import dev.estuary.node.internal.podman.ContainerInspect;
import dev.estuary.node.internal.podman.PodmanClient;
import dev.estuary.node.internal.supervise.RoleStatus;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code estuary node restart ROLE}: stops and starts one role's container, no other. */
@Command(versionProvider = dev.estuary.core.cli.EstuaryCommand.VersionProvider.class,
    name = "restart", mixinStandardHelpOptions = true,
    description = "Restart one role's container (engine, s3, dataset, smb or nfs); the others go on.")
public final class RestartCommand extends NodeSubcommand {
  @Mixin NodeOptions options = new NodeOptions();

  @Parameters(index = "0", paramLabel = "ROLE", description = "engine, s3, dataset, smb or nfs.")
  String role = "";

  /**
   * Creates the command.
   *
   * @param ctx the process context
   */
  public RestartCommand(CliContext ctx) {
    super(ctx);
  }

  @Override
  int run() {
    NodeDescription node = options.load(ctx);
    Role r = Roles.of(node, role);
    AgentClient agent = NodeOptions.agent(node);
    if (agent != null) {
      RoleStatus s = agent.restart(r.id());
      ctx.out().println(s.container() + " restarted (" + s.image() + ")");
      return 0;
    }
    PodmanClient podman = NodeOptions.podman(node);
    podman.ping();
    String name = ContainerPlan.containerName(node, r);
    ContainerInspect c = podman.inspect(name);
    if (c == null) {
      throw new IllegalStateException("container " + name + ": does not exist (expected: a node"
          + " made by `estuary node up`)");
    }
    podman.stop(name, node.supervision().stopTimeout().toSeconds());
    podman.start(name);
    ctx.out().println(name + " restarted (no agent runs: nothing supervises it)");
    return 0;
  }
}
