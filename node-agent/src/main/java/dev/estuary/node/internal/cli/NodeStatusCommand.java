package dev.estuary.node.internal.cli;

import dev.estuary.core.cli.CliContext;
import dev.estuary.node.internal.api.AgentClient;
import dev.estuary.node.internal.description.ContainerPlan;
import dev.estuary.node.internal.description.NodeDescription;
import dev.estuary.node.internal.podman.ContainerView;
import dev.estuary.node.internal.podman.PodmanClient;
import dev.estuary.node.internal.supervise.NodeStatus;
import dev.estuary.node.internal.supervise.RoleStatus;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code estuary node status}: a table of the node's containers, from the running agent (with health
 * and restarts), or from Podman alone when no agent runs.
 */
@Command(versionProvider = dev.estuary.core.cli.EstuaryCommand.VersionProvider.class,
    name = "status", mixinStandardHelpOptions = true,
    description = "Show each container of the node: state, health, restarts (from the agent, or"
        + " from Podman when no agent runs).")
public final class NodeStatusCommand extends NodeSubcommand {
  @Mixin NodeOptions options = new NodeOptions();

  /**
   * Creates the command.
   *
   * @param ctx the process context
   */
  public NodeStatusCommand(CliContext ctx) {
    super(ctx);
  }

  @Override
  int run() {
    NodeDescription node = options.load(ctx);
    AgentClient agent = NodeOptions.agent(node);
    NodeStatus status;
    if (agent != null) {
      status = agent.status();
    } else {
      PodmanClient podman = NodeOptions.podman(node);
      podman.ping();
      List<ContainerView> have = podman.list(node.nodeLabel());
      List<RoleStatus> roles = new ArrayList<>();
      for (NodeDescription.RoleSpec r : node.roles()) {
        String name = ContainerPlan.containerName(node, r.role());
        ContainerView c = have.stream().filter(v -> v.name().equals(name)).findFirst()
            .orElse(null);
        roles.add(new RoleStatus(r.role().id(), name, c == null ? null : c.id(),
            c == null ? r.image() : c.image(), c == null ? "missing" : c.state(), "-", 0,
            c == null || c.running() ? null : c.exitCode(), null, null, null));
      }
      status = new NodeStatus(node.name(), false, roles);
    }
    ctx.out().println("node " + status.node() + (status.supervised() ? " (agent running)"
        : " (agent not running: state from Podman)"));
    String fmt = "%-8s %-28s %-40s %-9s %-10s %8s  %s%n";
    ctx.out().printf(fmt, "ROLE", "CONTAINER", "IMAGE", "STATE", "HEALTH", "RESTARTS", "PROBLEM");
    for (RoleStatus r : status.roles()) {
      ctx.out().printf(fmt, r.role(), r.container(), r.image(), r.state(), r.health(),
          r.restarts(), r.lastProblem() == null ? "" : r.lastProblem());
    }
    return 0;
  }
}
