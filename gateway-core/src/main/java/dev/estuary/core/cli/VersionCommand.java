package dev.estuary.core.cli;

import dev.estuary.core.internal.Version;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code estuary version}. */
@Command(name = "version", mixinStandardHelpOptions = true, description = "Print the version.")
public final class VersionCommand implements Callable<Integer> {
  private final CliContext ctx;

  /**
   * Creates the command.
   *
   * @param ctx the process context
   */
  public VersionCommand(CliContext ctx) {
    this.ctx = ctx;
  }

  @Override
  public Integer call() {
    ctx.out().println("estuary " + Version.get() + " (Java " + Runtime.version() + ")");
    return 0;
  }
}
