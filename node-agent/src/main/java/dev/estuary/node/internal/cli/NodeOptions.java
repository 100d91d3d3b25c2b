package dev.estuary.node.internal.cli;

import dev.estuary.core.cli.CliContext;
import dev.estuary.node.internal.api.AgentClient;
import dev.estuary.node.internal.api.AgentFile;
import dev.estuary.node.internal.description.DescriptionParser;
import dev.estuary.node.internal.description.NodeDescription;
import dev.estuary.node.internal.podman.PodmanClient;
import java.nio.file.Path;
import java.time.Duration;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Option;

/** The option every {@code estuary node} subcommand shares: the node description. */
public final class NodeOptions {
  /** How long the CLI waits for one Podman answer. */
  static final Duration PODMAN_TIMEOUT = Duration.ofSeconds(60);

  @Option(names = {"-f", "--file"}, paramLabel = "FILE",
      description = "Node description (YAML; default ./node.yaml, env ESTUARY_NODE).")
  @Nullable Path file;

  /** Creates the options. */
  public NodeOptions() {}

  NodeDescription load(CliContext ctx) {
    Path f = file;
    if (f == null) {
      String env = ctx.env().get("ESTUARY_NODE");
      f = Path.of(env == null || env.isBlank() ? "node.yaml" : env);
    }
    return new DescriptionParser().read(f);
  }

  static PodmanClient podman(NodeDescription node) {
    return new PodmanClient(node.podmanSocket(), PODMAN_TIMEOUT);
  }

  /** Returns a client of the node's running agent, or null when none answers. */
  static @Nullable AgentClient agent(NodeDescription node) {
    AgentFile f = AgentFile.read(node.stateDirectory());
    if (f == null) {
      return null;
    }
    AgentClient c = new AgentClient(f);
    return c.alive() ? c : null;
  }
}
