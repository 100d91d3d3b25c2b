package dev.estuary.node.internal.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.estuary.core.cli.CliContext;
import dev.estuary.node.internal.api.AgentClient;
import dev.estuary.node.internal.api.AgentFile;
import dev.estuary.node.internal.description.NodeDescription;
import dev.estuary.node.internal.podman.PodmanClient;
import dev.estuary.node.internal.supervise.NodeAgent;
import java.nio.file.Files;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code estuary node down}: removes every container of the node. A running agent does it (and
 * ends), so that it does not restart what is being removed; without one, the CLI asks Podman.
 */
@Command(versionProvider = dev.estuary.core.cli.EstuaryCommand.VersionProvider.class,
    name = "down", mixinStandardHelpOptions = true,
    description = "Remove every container of the node (and end its agent).")
public final class DownCommand extends NodeSubcommand {
  @Mixin NodeOptions options = new NodeOptions();

  /**
   * Creates the command.
   *
   * @param ctx the process context
   */
  public DownCommand(CliContext ctx) {
    super(ctx);
  }

  @Override
  int run() throws Exception {
    NodeDescription node = options.load(ctx);
    AgentClient agent = NodeOptions.agent(node);
    if (agent != null) {
      JsonNode removed = agent.down();
      removed.path("removed").forEach(n -> ctx.out().println(n.asText() + " removed"));
    } else {
      PodmanClient podman = NodeOptions.podman(node);
      podman.ping();
      for (String name : NodeAgent.removeAll(node, podman)) {
        ctx.out().println(name + " removed");
      }
      // A stale file of an agent that was killed.
      Files.deleteIfExists(AgentFile.path(node.stateDirectory()));
    }
    ctx.out().println("node " + node.name() + ": no containers left");
    return 0;
  }
}
