package dev.estuary.node.internal.cli;

import dev.estuary.core.cli.CliContext;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code estuary node}: runs one storage node's containers through Podman (DESIGN §6.2). */
@Command(versionProvider = dev.estuary.core.cli.EstuaryCommand.VersionProvider.class,
    name = "node", mixinStandardHelpOptions = true,
    description = "Run a node's engine and frontends as Podman containers and supervise them.",
    subcommands = {UpCommand.class, DownCommand.class, NodeStatusCommand.class,
        RestartCommand.class, UpgradeCommand.class})
public final class NodeCommand implements Callable<Integer> {
  private final CliContext ctx;

  /**
   * Creates the command.
   *
   * @param ctx the process context
   */
  public NodeCommand(CliContext ctx) {
    this.ctx = ctx;
  }

  @Override
  public Integer call() {
    ctx.err().println("estuary node: a command is required: up, down, status, restart, upgrade"
        + " (see estuary node --help)");
    return 2;
  }
}
