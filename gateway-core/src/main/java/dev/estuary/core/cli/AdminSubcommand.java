package dev.estuary.core.cli;

import dev.estuary.core.internal.admin.AdminOperations;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;

/**
 * A subcommand of {@code user}, {@code group} or {@code volume}: runs admin operations on the
 * configured data directory, which {@link AdminSession#open} reaches through the running server's
 * admin API or directly. The session is opened and closed here, once for all of them.
 */
abstract class AdminSubcommand implements Callable<Integer> {
  /** The process context. */
  final CliContext ctx;

  /** The configuration and data directory options. */
  @Mixin ConfigOptions options = new ConfigOptions();

  private final boolean mustExist;

  /**
   * Creates the command.
   *
   * @param ctx the process context
   * @param mustExist whether a missing data directory is an error (else it is created)
   */
  AdminSubcommand(CliContext ctx, boolean mustExist) {
    this.ctx = ctx;
    this.mustExist = mustExist;
  }

  /**
   * Checks the arguments and reads what needs no data directory (a password), before the session
   * opens, so that a bad command line never waits for a starting server or takes the lock.
   */
  void beforeOpen() {}

  /**
   * Runs the command's operations and prints their outcome to {@link CliContext#out()}.
   *
   * @param ops the open session
   */
  abstract void run(AdminOperations ops);

  @Override
  public final Integer call() {
    beforeOpen();
    try (AdminOperations ops = AdminSession.open(ctx, options.load(ctx, Map.of()), mustExist)) {
      run(ops);
    }
    return 0;
  }
}
