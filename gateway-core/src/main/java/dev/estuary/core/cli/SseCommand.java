package dev.estuary.core.cli;

import dev.estuary.core.internal.admin.AdminOperations;
import dev.estuary.core.internal.admin.AdminViews;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code estuary sse keys [--rotate]}: the appliance master keys of S3 SSE-S3. */
@Command(name = "sse", mixinStandardHelpOptions = true,
    description = "S3 server-side encryption: the appliance master keys that wrap the data keys"
        + " of SSE-S3 objects (key file sse-master-keys in the data directory, mode 0600).",
    subcommands = {SseCommand.Keys.class})
public final class SseCommand implements Callable<Integer> {
  private final CliContext ctx;

  /**
   * Creates the command.
   *
   * @param ctx the process context
   */
  public SseCommand(CliContext ctx) {
    this.ctx = ctx;
  }

  @Override
  public Integer call() {
    ctx.err().println("estuary sse: a subcommand is required: keys (see estuary sse --help)");
    return 2;
  }

  /** {@code estuary sse keys [--rotate]}, like {@code estuary user keys NAME [--rotate]}. */
  @Command(name = "keys", mixinStandardHelpOptions = true,
      description = "Show the SSE-S3 master key ids, or rotate: add a new master key for new"
          + " objects (objects written before stay readable with the older keys).")
  public static final class Keys extends AdminSubcommand {
    @Option(names = "--rotate", description = "Add a new master key and make it current.")
    boolean rotate;

    /**
     * Creates the command.
     *
     * @param ctx the process context
     */
    public Keys(CliContext ctx) {
      super(ctx, true);
    }

    @Override
    void run(AdminOperations ops) {
      AdminViews.SseKeysView k = rotate ? ops.rotateSseKey() : ops.sseKeys();
      ctx.out().println("key file     " + k.file());
      ctx.out().println("key ids      " + k.ids());
      ctx.out().println("current key  " + (k.current() == 0 ? "(none yet: created by the first"
          + " SSE-S3 write)" : Integer.toString(k.current())));
    }
  }
}
