package dev.estuary.core.cli;

import dev.estuary.core.internal.admin.AdminOperations;
import dev.estuary.core.internal.admin.AdminViews;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code estuary volume create|list|show|export|delete}. */
@Command(name = "volume", mixinStandardHelpOptions = true,
    description = "Create, list and delete volumes (each is an S3 bucket, SMB share, NFS export"
        + " and dataset root).",
    subcommands = {VolumeCommand.Create.class, VolumeCommand.ListVolumes.class,
        VolumeCommand.Show.class, VolumeCommand.Export.class, VolumeCommand.Delete.class})
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
    ctx.err().println("estuary volume: a subcommand is required: create, list, show, export,"
        + " delete"
        + " (see estuary volume --help)");
    return 2;
  }

  /** {@code estuary volume create NAME}. */
  @Command(name = "create", mixinStandardHelpOptions = true, description = "Create a volume.")
  public static final class Create extends AdminSubcommand {

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
      super(ctx, false);
    }

    @Override
    void run(AdminOperations ops) {
      AdminViews.VolumeView v = ops.createVolume(new AdminViews.CreateVolume(name, mode, owner, fileMode,
          gid));
      ctx.out().println("created volume " + v.name());
    }
  }

  /** {@code estuary volume list}. */
  @Command(name = "list", mixinStandardHelpOptions = true, description = "List volumes.")
  public static final class ListVolumes extends AdminSubcommand {

    /**
     * Creates the command.
     *
     * @param ctx the process context
     */
    public ListVolumes(CliContext ctx) {
      super(ctx, true);
    }

    @Override
    void run(AdminOperations ops) {
      for (AdminViews.VolumeView v : ops.listVolumes()) {
        ctx.out().println(v.name() + "\t" + v.created() + "\tnfs=" + exports(v));
      }
    }
  }

  private static String exports(AdminViews.VolumeView v) {
    return v.nfsExports().isEmpty() ? "closed" : String.join(" ",
        v.nfsExports().stream().map(AdminViews.ExportRuleView::describe).toList());
  }

  /** {@code estuary volume show NAME}. */
  @Command(name = "show", mixinStandardHelpOptions = true,
      description = "Show a volume and its NFS export rules.")
  public static final class Show extends AdminSubcommand {

    @Parameters(paramLabel = "NAME", description = "Volume name.")
    String name = "";

    /**
     * Creates the command.
     *
     * @param ctx the process context
     */
    public Show(CliContext ctx) {
      super(ctx, true);
    }

    @Override
    void run(AdminOperations ops) {
      print(ctx, ops.showVolume(name));
    }
  }

  private static void print(CliContext ctx, AdminViews.VolumeView v) {
    ctx.out().println("volume    " + v.name());
    ctx.out().println("created   " + v.created());
    if (v.nfsExports().isEmpty()) {
      ctx.out().println("nfs       closed (no client may mount it)");
    }
    for (AdminViews.ExportRuleView r : v.nfsExports()) {
      ctx.out().println("nfs       " + r.describe());
    }
  }

  /**
   * {@code estuary volume export NAME --clients RANGE [--rw|--ro] [--root-squash|--all-squash|
   * --no-root-squash] [--anonuid N] [--anongid N]}, {@code ... --clients RANGE --remove} and
   * {@code ... --close}.
   */
  @Command(name = "export", mixinStandardHelpOptions = true,
      description = "Open a volume over NFS to a client address range (IPv4 or IPv6 CIDR),"
          + " replacing that range's rule; --remove takes one range's rule away, --close all of"
          + " them. A volume without rules is exported to nobody.")
  public static final class Export extends AdminSubcommand {

    @Parameters(paramLabel = "NAME", description = "Volume name.")
    String name = "";

    @Option(names = "--clients", paramLabel = "RANGE",
        description = "Client addresses, e.g. 127.0.0.0/8, 10.1.2.3 or 2001:db8::/32.")
    @Nullable String clients;

    @Option(names = "--rw", description = "Clients may write.")
    boolean rw;

    @Option(names = "--ro", description = "Clients may only read (the default).")
    boolean ro;

    @Option(names = "--root-squash",
        description = "Map uid 0 and gid 0 to the anonymous ids (the default).")
    boolean rootSquash;

    @Option(names = "--all-squash", description = "Map every caller to the anonymous ids.")
    boolean allSquash;

    @Option(names = "--no-root-squash", description = "Trust uid 0 from these clients.")
    boolean noRootSquash;

    @Option(names = "--anonuid", paramLabel = "N", description = "Anonymous uid (default 65534).")
    @Nullable Long anonuid;

    @Option(names = "--anongid", paramLabel = "N", description = "Anonymous gid (default 65534).")
    @Nullable Long anongid;

    @Option(names = "--remove", description = "Remove the rule of --clients.")
    boolean remove;

    @Option(names = "--close", description = "Remove every rule: no client may mount the volume.")
    boolean close;

    /**
     * Creates the command.
     *
     * @param ctx the process context
     */
    public Export(CliContext ctx) {
      super(ctx, true);
    }

    @Override
    void beforeOpen() {
      int squashes = (rootSquash ? 1 : 0) + (allSquash ? 1 : 0) + (noRootSquash ? 1 : 0);
      boolean ruleOptions = rw || ro || squashes > 0 || anonuid != null || anongid != null;
      if (close && (clients != null || remove || ruleOptions)) {
        throw new IllegalArgumentException(
            "--close: given with other options (expected: --close alone)");
      }
      if (!close && clients == null) {
        throw new IllegalArgumentException("--clients: missing (expected: --clients RANGE, or"
            + " --close)");
      }
      if (remove && ruleOptions) {
        throw new IllegalArgumentException(
            "--remove: given with rule options (expected: --clients RANGE --remove)");
      }
      if (rw && ro) {
        throw new IllegalArgumentException("--rw and --ro: both given (expected: one)");
      }
      if (squashes > 1) {
        throw new IllegalArgumentException("--root-squash, --all-squash, --no-root-squash: "
            + squashes + " given (expected: one)");
      }
    }

    @Override
    void run(AdminOperations ops) {
      AdminViews.VolumeView v;
      if (close) {
        v = ops.unexportVolume(name, null);
      } else if (remove) {
        v = ops.unexportVolume(name, clients);
      } else {
        String squash = allSquash ? "all_squash" : noRootSquash ? "no_root_squash" : "root_squash";
        v = ops.exportVolume(name, new AdminViews.SetExport(java.util.Objects.requireNonNull(
            clients), rw, squash, anonuid, anongid));
      }
      print(ctx, v);
    }
  }

  /** {@code estuary volume delete NAME [--force]}. */
  @Command(name = "delete", mixinStandardHelpOptions = true, description = "Delete a volume.")
  public static final class Delete extends AdminSubcommand {

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
      super(ctx, true);
    }

    @Override
    void run(AdminOperations ops) {
      ops.deleteVolume(name, force);
      ctx.out().println("deleted volume " + name);
    }
  }
}
