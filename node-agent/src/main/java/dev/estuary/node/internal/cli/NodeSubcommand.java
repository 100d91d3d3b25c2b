package dev.estuary.node.internal.cli;

import dev.estuary.core.cli.CliContext;
import dev.estuary.node.internal.podman.PodmanException;
import java.io.UncheckedIOException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * The frame of every {@code estuary node} subcommand: an expected failure (a bad description, a
 * Podman error, a refused request) becomes one line {@code estuary node <cmd>: <message>} and exit
 * status 1, with no exception class name in front.
 */
abstract class NodeSubcommand implements Callable<Integer> {
  final CliContext ctx;
  @Spec CommandSpec spec = CommandSpec.create();

  NodeSubcommand(CliContext ctx) {
    this.ctx = ctx;
  }

  abstract int run() throws Exception;

  @Override
  public final Integer call() throws Exception {
    try {
      return run();
    } catch (PodmanException | IllegalArgumentException | IllegalStateException
        | UncheckedIOException e) {
      String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
      ctx.err().println(spec.qualifiedName() + ": " + m.lines().findFirst().orElse(""));
      return 1;
    }
  }
}
