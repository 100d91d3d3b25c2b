package dev.estuary.node;

import dev.estuary.core.cli.CliContext;
import dev.estuary.core.cli.CommandExtension;
import dev.estuary.node.internal.cli.NodeCommand;

/** Adds {@code estuary node} to the command line (found through {@link java.util.ServiceLoader}). */
public final class NodeCommandExtension implements CommandExtension {
  /** Creates the extension (ServiceLoader needs a public no-argument constructor). */
  public NodeCommandExtension() {}

  @Override
  public String name() {
    return "node";
  }

  @Override
  public Object command(CliContext ctx) {
    return new NodeCommand(ctx);
  }
}
