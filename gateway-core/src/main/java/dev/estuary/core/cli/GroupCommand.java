package dev.estuary.core.cli;

import dev.estuary.core.internal.admin.AdminOperations;
import dev.estuary.core.internal.admin.AdminViews;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code estuary group add|list|delete|add-member|remove-member}. */
@Command(name = "group", mixinStandardHelpOptions = true,
    description = "Manage POSIX groups (supplementary groups of users, with Windows SIDs). A"
        + " deleted group's gid is never given to another group.",
    subcommands = {GroupCommand.Add.class, GroupCommand.ListGroups.class, GroupCommand.Delete.class,
        GroupCommand.AddMember.class, GroupCommand.RemoveMember.class})
public final class GroupCommand implements Callable<Integer> {
  private final CliContext ctx;

  /**
   * Creates the command.
   *
   * @param ctx the process context
   */
  public GroupCommand(CliContext ctx) {
    this.ctx = ctx;
  }

  @Override
  public Integer call() {
    ctx.err().println("estuary group: a subcommand is required: add, list, delete, add-member,"
        + " remove-member (see estuary group --help)");
    return 2;
  }

  /** {@code estuary group add NAME [--gid N]}. */
  @Command(name = "add", mixinStandardHelpOptions = true, description = "Add a group.")
  public static final class Add extends AdminSubcommand {

    @Parameters(paramLabel = "NAME", description = "Group name (not the name of a user).")
    String name = "";

    @Option(names = "--gid", paramLabel = "N",
        description = "gid (default: the next never-used one from 100000).")
    @Nullable Long gid;

    /**
     * Creates the command.
     *
     * @param ctx the process context
     */
    public Add(CliContext ctx) {
      super(ctx, false);
    }

    @Override
    void run(AdminOperations ops) {
      AdminViews.GroupView g = ops.addGroup(new AdminViews.AddGroup(name, gid));
      ctx.out().println("added group " + g.name() + " gid=" + g.gid() + " sid=" + g.sid());
    }
  }

  /** {@code estuary group list}. */
  @Command(name = "list", mixinStandardHelpOptions = true, description = "List groups.")
  public static final class ListGroups extends AdminSubcommand {

    /**
     * Creates the command.
     *
     * @param ctx the process context
     */
    public ListGroups(CliContext ctx) {
      super(ctx, true);
    }

    @Override
    void run(AdminOperations ops) {
      for (AdminViews.GroupView g : ops.listGroups()) {
        ctx.out().println(g.name() + "\tgid=" + g.gid() + "\tsid=" + g.sid() + "\tmembers="
            + g.members());
      }
    }
  }

  /** {@code estuary group delete NAME}. */
  @Command(name = "delete", mixinStandardHelpOptions = true,
      description = "Delete a group; its members lose it.")
  public static final class Delete extends AdminSubcommand {

    @Parameters(paramLabel = "NAME", description = "Group name.")
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
      ops.deleteGroup(name);
      ctx.out().println("deleted group " + name);
    }
  }

  /** {@code estuary group add-member GROUP USER}. */
  @Command(name = "add-member", mixinStandardHelpOptions = true,
      description = "Give a user the group as a supplementary group.")
  public static final class AddMember extends AdminSubcommand {

    @Parameters(index = "0", paramLabel = "GROUP", description = "Group name.")
    String group = "";

    @Parameters(index = "1", paramLabel = "USER", description = "User name.")
    String user = "";

    /**
     * Creates the command.
     *
     * @param ctx the process context
     */
    public AddMember(CliContext ctx) {
      super(ctx, true);
    }

    @Override
    void run(AdminOperations ops) {
      ops.setMember(group, user, true);
      ctx.out().println("user " + user + " is a member of " + group);
    }
  }

  /** {@code estuary group remove-member GROUP USER}. */
  @Command(name = "remove-member", mixinStandardHelpOptions = true,
      description = "Take the group away from a user.")
  public static final class RemoveMember extends AdminSubcommand {

    @Parameters(index = "0", paramLabel = "GROUP", description = "Group name.")
    String group = "";

    @Parameters(index = "1", paramLabel = "USER", description = "User name.")
    String user = "";

    /**
     * Creates the command.
     *
     * @param ctx the process context
     */
    public RemoveMember(CliContext ctx) {
      super(ctx, true);
    }

    @Override
    void run(AdminOperations ops) {
      ops.setMember(group, user, false);
      ctx.out().println("user " + user + " is no member of " + group);
    }
  }
}
