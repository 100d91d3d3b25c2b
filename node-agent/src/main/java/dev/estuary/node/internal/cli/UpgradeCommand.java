package dev.estuary.node.internal.cli;

import dev.estuary.core.cli.CliContext;
import dev.estuary.node.internal.api.AgentClient;
import dev.estuary.node.internal.description.NodeDescription;
import dev.estuary.node.internal.description.Role;
import dev.estuary.node.internal.supervise.RoleStatus;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code estuary node upgrade ROLE --image TAG}: the running agent creates the role's container from
 * the new image, stops the old one, starts the new one and waits for its health; if it never becomes
 * healthy, the old one comes back. Only that role is touched. The agent is needed: it owns the
 * probes that decide, and it must not restart the old container meanwhile.
 */
@Command(versionProvider = dev.estuary.core.cli.EstuaryCommand.VersionProvider.class,
    name = "upgrade", mixinStandardHelpOptions = true,
    description = "Move one role to another image, rolling back if it does not become healthy.")
public final class UpgradeCommand extends NodeSubcommand {
  @Mixin NodeOptions options = new NodeOptions();

  @Parameters(index = "0", paramLabel = "ROLE", description = "engine, s3, dataset, smb or nfs.")
  String role = "";

  @Option(names = "--image", required = true, paramLabel = "TAG",
      description = "A tag of the role's current image (such as 0.2.0), or a whole image reference.")
  String image = "";

  /**
   * Creates the command.
   *
   * @param ctx the process context
   */
  public UpgradeCommand(CliContext ctx) {
    super(ctx);
  }

  @Override
  int run() {
    NodeDescription node = options.load(ctx);
    Role r = Roles.of(node, role);
    AgentClient agent = NodeOptions.agent(node);
    if (agent == null) {
      throw new IllegalStateException("node " + node.name() + ": no agent runs (expected: `estuary"
          + " node up` running; the upgrade needs its health probes to decide on a roll-back)");
    }
    RoleStatus current = agent.status().roles().stream().filter(s -> s.role().equals(r.id()))
        .findFirst().orElseThrow();
    String target = reference(current.image(), image);
    RoleStatus s = agent.upgrade(r.id(), target);
    ctx.out().println(s.container() + " upgraded to " + s.image() + " and healthy");
    ctx.out().println("note: set the image of " + r.id() + " in the node description to " + target
        + ", or the next `estuary node up` goes back to the description's image");
    return 0;
  }

  /** A bare tag replaces the tag of the current reference; anything with '/' or ':' is whole. */
  static String reference(String current, String tagOrReference) {
    if (tagOrReference.contains("/") || tagOrReference.contains(":")) {
      return tagOrReference;
    }
    int slash = current.lastIndexOf('/');
    int colon = current.lastIndexOf(':');
    String repo = colon > slash ? current.substring(0, colon) : current;
    return repo + ":" + tagOrReference;
  }
}
