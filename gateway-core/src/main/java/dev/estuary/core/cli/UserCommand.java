package dev.estuary.core.cli;

import dev.estuary.core.internal.admin.AdminOperations;
import dev.estuary.core.internal.admin.AdminViews;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code estuary user add|list|delete|passwd|keys|grant|create-buckets}. */
@Command(name = "user", mixinStandardHelpOptions = true,
    description = "Manage users and their credentials (password, NT hash, S3 keys, API tokens)"
        + " and volume permissions.",
    subcommands = {UserCommand.Add.class, UserCommand.ListUsers.class, UserCommand.Delete.class,
        UserCommand.Passwd.class, UserCommand.Keys.class, UserCommand.Grant.class,
        UserCommand.CreateBuckets.class})
public final class UserCommand implements Callable<Integer> {
  private final CliContext ctx;

  /**
   * Creates the command.
   *
   * @param ctx the process context
   */
  public UserCommand(CliContext ctx) {
    this.ctx = ctx;
  }

  @Override
  public Integer call() {
    ctx.err().println("estuary user: a subcommand is required: add, list, delete, passwd, keys,"
        + " grant, create-buckets (see estuary user --help)");
    return 2;
  }

  /** {@code estuary user add NAME}. */
  @Command(name = "add", mixinStandardHelpOptions = true,
      description = "Add a user. Without --password-stdin or a terminal, a random password is"
          + " generated and shown once.")
  public static final class Add extends AdminSubcommand {

    @Parameters(paramLabel = "NAME", description = "User name.")
    String name = "";

    @Option(names = "--password-stdin", description = "Read the password from standard input.")
    boolean passwordStdin;

    @Option(names = "--uid", paramLabel = "N", description = "POSIX uid (default: next free from 1000).")
    @Nullable Long uid;

    @Option(names = "--gid", paramLabel = "N", description = "POSIX gid (default: the uid).")
    @Nullable Long gid;

    @Option(names = "--admin", description = "Give the global admin role.")
    boolean admin;

    @Option(names = "--no-create-buckets",
        description = "Do not let the user create S3 buckets (see user create-buckets).")
    boolean noCreateBuckets;

    private @Nullable String password;

    /**
     * Creates the command.
     *
     * @param ctx the process context
     */
    public Add(CliContext ctx) {
      super(ctx, false);
    }

    @Override
    void beforeOpen() {
      password = PasswordInput.read(ctx, passwordStdin);
    }

    @Override
    void run(AdminOperations ops) {
      AdminViews.AddedUser added =
          ops.addUser(new AdminViews.AddUser(name, password, uid, gid, admin));
      AdminViews.UserView u = added.user();
      if (noCreateBuckets) {
        ops.createBuckets(name, new AdminViews.CreateBuckets(false));
      }
      ctx.out().println("added user " + u.name() + " uid=" + u.uid() + " gid=" + u.gid()
          + (u.admin() ? " admin" : "") + (noCreateBuckets ? " no-create-buckets" : ""));
      if (added.generatedPassword() != null) {
        ctx.out().println("password       " + added.generatedPassword() + "   (shown only now)");
      }
      ctx.out().println("s3 access key  " + added.keys().accessKeyId());
      ctx.out().println("s3 secret key  " + added.keys().secretKey());
    }
  }

  /** {@code estuary user list}. */
  @Command(name = "list", mixinStandardHelpOptions = true, description = "List users.")
  public static final class ListUsers extends AdminSubcommand {

    /**
     * Creates the command.
     *
     * @param ctx the process context
     */
    public ListUsers(CliContext ctx) {
      super(ctx, true);
    }

    @Override
    void run(AdminOperations ops) {
      for (AdminViews.UserView u : ops.listUsers()) {
        ctx.out().println(u.name() + "\tuid=" + u.uid() + "\tgid=" + u.gid()
            + "\tadmin=" + u.admin() + "\taccessKey=" + u.accessKeyId()
            + "\tvolumes=" + u.volumes() + "\ttokens=" + u.tokens() + "\tgroups=" + u.groups()
            + "\tsid=" + u.sid() + "\tcreateBuckets=" + u.createBuckets());
      }
    }
  }

  /** {@code estuary user delete NAME}. */
  @Command(name = "delete", mixinStandardHelpOptions = true, description = "Delete a user.")
  public static final class Delete extends AdminSubcommand {

    @Parameters(paramLabel = "NAME", description = "User name.")
    String name = "";

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
      ops.deleteUser(name);
      ctx.out().println("deleted user " + name);
    }
  }

  /** {@code estuary user passwd NAME}. */
  @Command(name = "passwd", mixinStandardHelpOptions = true,
      description = "Set a new password (re-derives the NT hash too).")
  public static final class Passwd extends AdminSubcommand {

    @Parameters(paramLabel = "NAME", description = "User name.")
    String name = "";

    @Option(names = "--password-stdin", description = "Read the password from standard input.")
    boolean passwordStdin;

    private String password = "";

    /**
     * Creates the command.
     *
     * @param ctx the process context
     */
    public Passwd(CliContext ctx) {
      super(ctx, true);
    }

    @Override
    void beforeOpen() {
      String read = PasswordInput.read(ctx, passwordStdin);
      if (read == null) {
        throw new IllegalArgumentException(
            "password: no terminal to ask on (expected: --password-stdin)");
      }
      password = read;
    }

    @Override
    void run(AdminOperations ops) {
      ops.setPassword(name, password);
      ctx.out().println("password changed for " + name);
    }
  }

  /** {@code estuary user keys NAME [--rotate | --new-token | --revoke-token ID]}. */
  @Command(name = "keys", mixinStandardHelpOptions = true,
      description = "Show or rotate S3 keys; create or revoke API tokens.")
  public static final class Keys extends AdminSubcommand {

    @Parameters(paramLabel = "NAME", description = "User name.")
    String name = "";

    @ArgGroup(exclusive = true)
    @Nullable Action action;

    @Option(names = "--description", paramLabel = "TEXT", defaultValue = "",
        description = "What a new token is for.")
    String description = "";

    /** The one action of the command; none shows the S3 keys. */
    static final class Action {
      @Option(names = "--rotate", description = "Replace the S3 key pair.")
      boolean rotate;

      @Option(names = "--new-token", description = "Create an API token (shown once).")
      boolean newToken;

      @Option(names = "--revoke-token", paramLabel = "ID", description = "Revoke an API token.")
      @Nullable String revokeToken;
    }

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
      if (action != null && action.newToken) {
        AdminViews.TokenView t = ops.createToken(name, description);
        ctx.out().println("token id  " + t.id());
        ctx.out().println("token     " + t.token() + "   (shown only now)");
      } else if (action != null && action.revokeToken != null) {
        ops.revokeToken(name, action.revokeToken);
        ctx.out().println("revoked token " + action.revokeToken);
      } else {
        AdminViews.KeysView k = action != null && action.rotate ? ops.rotateKeys(name)
            : ops.keys(name);
        ctx.out().println("s3 access key  " + k.accessKeyId());
        ctx.out().println("s3 secret key  " + k.secretKey());
      }
    }
  }

  /** {@code estuary user grant NAME VOLUME PERMISSION}. */
  @Command(name = "grant", mixinStandardHelpOptions = true,
      description = "Grant read, write or admin on a volume (* for all volumes); none removes.")
  public static final class Grant extends AdminSubcommand {

    @Parameters(index = "0", paramLabel = "NAME", description = "User name.")
    String name = "";

    @Parameters(index = "1", paramLabel = "VOLUME", description = "Volume name or *.")
    String volume = "";

    @Parameters(index = "2", paramLabel = "PERMISSION", description = "read, write, admin or none.")
    String permission = "";

    /**
     * Creates the command.
     *
     * @param ctx the process context
     */
    public Grant(CliContext ctx) {
      super(ctx, true);
    }

    @Override
    void run(AdminOperations ops) {
      ops.grant(name, new AdminViews.Grant(volume, permission));
      ctx.out().println("user " + name + " on " + volume + ": " + permission);
    }
  }

  /** {@code estuary user create-buckets NAME allow|deny}. */
  @Command(name = "create-buckets", mixinStandardHelpOptions = true,
      description = "Allow or deny the user creating buckets through S3 (allowed by default, as on"
          + " AWS); the creator owns and administers the bucket.")
  public static final class CreateBuckets extends AdminSubcommand {

    @Parameters(index = "0", paramLabel = "NAME", description = "User name.")
    String name = "";

    @Parameters(index = "1", paramLabel = "RIGHT", description = "allow or deny.")
    String right = "";

    /**
     * Creates the command.
     *
     * @param ctx the process context
     */
    public CreateBuckets(CliContext ctx) {
      super(ctx, true);
    }

    private boolean allowed;

    @Override
    void beforeOpen() {
      allowed = switch (right.strip().toLowerCase(java.util.Locale.ROOT)) {
        case "allow" -> true;
        case "deny" -> false;
        default -> throw new IllegalArgumentException(
            "right: '" + right + "' (expected: allow or deny)");
      };
    }

    @Override
    void run(AdminOperations ops) {
      ops.createBuckets(name, new AdminViews.CreateBuckets(allowed));
      ctx.out().println("user " + name + " create-buckets: " + (allowed ? "allow" : "deny"));
    }
  }
}
