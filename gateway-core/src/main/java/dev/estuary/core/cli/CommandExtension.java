package dev.estuary.core.cli;

/**
 * A subcommand of {@code estuary} that lives in a module above gateway-core (such as {@code estuary
 * node} in node-agent), found with {@link java.util.ServiceLoader} through {@link CliContext#loader()},
 * so that the core names no module that depends on it (DESIGN §1: no cycles).
 */
public interface CommandExtension {
  /**
   * Returns the subcommand's name.
   *
   * @return the name under {@code estuary}, such as {@code node}
   */
  String name();

  /**
   * Creates the picocli command object; its own subcommands are created through the same factory
   * as the core's, so a constructor taking {@link CliContext} receives it.
   *
   * @param ctx the process context
   * @return an instance of a class annotated with {@code @Command}
   */
  Object command(CliContext ctx);
}
