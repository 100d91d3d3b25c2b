package dev.estuary.core.cli;

import dev.estuary.core.internal.admin.AdminOperations;
import dev.estuary.core.internal.admin.AdminViews;
import java.util.Map;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code estuary volume create|list|delete}. */
@Command(name = "volume", mixinStandardHelpOptions = true,
    description = "Create, list and delete volumes (each is an S3 bucket, SMB share, NFS export"
        + " and dataset root).",
    subcommands = {VolumeCommand.Create.class, VolumeCommand.ListVolumes.class,
        VolumeCommand.Delete.class})
public final class VolumeCommand implements Callable<Integer> {
  private final CliContext ctx;

  /**
   * Creates the command.
   *
   * @param ctx the process context
   */
  public VolumeCommand(CliContext ctx) {
    this.ctx = ctx;
  }

  @Override
  public Integer call() {
    ctx.err().println("estuary volume: a subcommand is required: create, list, delete"
        + " (see estuary volume --help)");
    return 2;
  }

  /** {@code estuary volume create NAME}. */
  @Command(name = "create", mixinStandardHelpOptions = true, description = "Create a volume.")
  public static final class Create implements Callable<Integer> {
    private final CliContext ctx;
    @Mixin ConfigOptions options = new ConfigOptions();

    @Parameters(paramLabel = "NAME", description = "Volume name (S3 bucket rules).")
    String name = "";

    @Option(names = {"--dir-mode", "--mode"}, paramLabel = "OCTAL", defaultValue = "0775",
        description = "Mode of the root directory and of directories S3 and the dataset service"
            + " create (default 0775).")
    String mode = "0775";

    @Option(names = "--file-mode", paramLabel = "OCTAL", defaultValue = "0664",
        description = "Mode of files S3 and the dataset service create (default 0664).")
    String fileMode = "0664";

    @Option(names = "--gid", paramLabel = "GID",
        description = "The volume's group: group of the root and of what S3 and the dataset service"
            + " create; every user granted access to the volume counts as a member of it there"
            + " (default: the owner's primary group, or 0).")
    @Nullable Integer gid;

    @Option(names = "--owner", paramLabel = "USER",
        description = "User owning the root directory, granted admin on the volume.")
    @Nullable String owner;

    /**
     * Creates the command.
     *
     * @param ctx the process context
     */
    public Create(CliContext ctx) {
      this.ctx = ctx;
    }

    @Override
    public Integer call() {
      try (AdminOperations ops = AdminSession.open(ctx, options.load(ctx, Map.of()), false)) {
        AdminViews.VolumeView v = ops.createVolume(new AdminViews.CreateVolume(name, mode, owner, fileMode,
            gid));
        ctx.out().println("created volume " + v.name());
      }
      return 0;
    }
  }

  /** {@code estuary volume list}. */
  @Command(name = "list", mixinStandardHelpOptions = true, description = "List volumes.")
  public static final class ListVolumes implements Callable<Integer> {
    private final CliContext ctx;
    @Mixin ConfigOptions options = new ConfigOptions();

    /**
     * Creates the command.
     *
     * @param ctx the process context
     */
    public ListVolumes(CliContext ctx) {
      this.ctx = ctx;
    }

    @Override
    public Integer call() {
      try (AdminOperations ops = AdminSession.open(ctx, options.load(ctx, Map.of()), true)) {
        for (AdminViews.VolumeView v : ops.listVolumes()) {
          ctx.out().println(v.name() + "\t" + v.created());
        }
      }
      return 0;
    }
  }

  /** {@code estuary volume delete NAME [--force]}. */
  @Command(name = "delete", mixinStandardHelpOptions = true, description = "Delete a volume.")
  public static final class Delete implements Callable<Integer> {
    private final CliContext ctx;
    @Mixin ConfigOptions options = new ConfigOptions();

    @Parameters(paramLabel = "NAME", description = "Volume name.")
    String name = "";

    @Option(names = "--force", description = "Delete even if the volume still has entries.")
    boolean force;

    /**
     * Creates the command.
     *
     * @param ctx the process context
     */
    public Delete(CliContext ctx) {
      this.ctx = ctx;
    }

    @Override
    public Integer call() {
      try (AdminOperations ops = AdminSession.open(ctx, options.load(ctx, Map.of()), true)) {
        ops.deleteVolume(name, force);
        ctx.out().println("deleted volume " + name);
      }
      return 0;
    }
  }
}
