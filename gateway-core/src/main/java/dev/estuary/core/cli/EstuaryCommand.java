package dev.estuary.core.cli;

import dev.estuary.core.internal.Version;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;

/** The root command; it only dispatches. */
@Command(
    name = "estuary",
    mixinStandardHelpOptions = true,
    versionProvider = EstuaryCommand.VersionProvider.class,
    description = "Estuary: one storage namespace over S3, SMB, NFS and a PyTorch dataset service.",
    subcommands = {
      ServeCommand.class,
      EngineCommand.class,
      VolumeCommand.class,
      UserCommand.class,
      GroupCommand.class,
      SseCommand.class,
      StatusCommand.class,
      FsckCommand.class,
      VersionCommand.class
    })
public final class EstuaryCommand implements java.util.concurrent.Callable<Integer> {
  private final CliContext ctx;

  /**
   * Creates the command.
   *
   * @param ctx the process context
   */
  public EstuaryCommand(CliContext ctx) {
    this.ctx = ctx;
  }

  @Override
  public Integer call() {
    ctx.err().println("estuary: a command is required: serve, engine, volume, user, group, sse, status, fsck, version"
        + " (see estuary --help)");
    return 2;
  }

  /** Supplies {@code --version}. */
  public static final class VersionProvider implements IVersionProvider {
    /** Creates the provider. */
    public VersionProvider() {}

    @Override
    public String[] getVersion() {
      return new String[] {"estuary " + Version.get()};
    }
  }
}
