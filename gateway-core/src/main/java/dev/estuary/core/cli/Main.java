package dev.estuary.core.cli;

import dev.estuary.core.internal.GatewayException;
import dev.estuary.core.internal.config.ConfigException;
import dev.estuary.core.internal.server.Frontends;
import dev.estuary.dfs.DfsException;
import java.io.UncheckedIOException;
import picocli.CommandLine;

/** The {@code estuary} command: {@code java -cp ... dev.estuary.core.cli.Main <command> ...}. */
public final class Main {
  private Main() {}

  /**
   * Runs the command line and exits with its status.
   *
   * @param args the arguments
   */
  public static void main(String[] args) {
    if (args.length == 0 || !args[0].equals("serve")) {
      // One-shot commands print their results; info logs of the user store would only be noise.
      dev.estuary.core.internal.server.Logging.apply("warn");
    }
    int status = run(args, CliContext.system());
    System.exit(status);
  }

  /**
   * Runs the command line in this process without exiting.
   *
   * @param args the arguments
   * @param ctx the process context
   * @return the exit status: 0 success, 1 failure, 2 bad usage
   */
  public static int run(String[] args, CliContext ctx) {
    CommandLine cmd = new CommandLine(EstuaryCommand.class, factory(ctx));
    for (CommandExtension ext : java.util.ServiceLoader.load(CommandExtension.class, ctx.loader())) {
      cmd.addSubcommand(ext.name(), new CommandLine(ext.command(ctx), factory(ctx)));
    }
    try {
      ServeCommand.addFrontendFlags(cmd.getSubcommands().get("serve"),
          Frontends.available(ctx.loader()));
    } catch (RuntimeException e) {
      // Two frontends with one name: serve reports it when it starts; other commands run on.
    }
    cmd.setOut(new java.io.PrintWriter(ctx.out(), true));
    cmd.setErr(new java.io.PrintWriter(ctx.err(), true));
    cmd.setParameterExceptionHandler((ex, a) -> {
      String name = ex.getCommandLine().getCommandSpec().qualifiedName();
      ctx.err().println(name + ": " + firstLine(ex.getMessage()) + " (see " + name + " --help)");
      return 2;
    });
    cmd.setExecutionExceptionHandler((ex, c, parsed) -> {
      String name = c.getCommandSpec().qualifiedName();
      ctx.err().println(name + ": " + describe(ex));
      return 1;
    });
    return cmd.execute(args);
  }

  private static String describe(Exception ex) {
    if (ex instanceof GatewayException || ex instanceof ConfigException
        || ex instanceof DfsException || ex instanceof IllegalArgumentException
        || ex instanceof UncheckedIOException) {
      return firstLine(ex.getMessage());
    }
    return ex.getClass().getSimpleName() + ": " + firstLine(ex.getMessage());
  }

  private static String firstLine(String s) {
    return s == null ? "" : s.lines().findFirst().orElse("");
  }

  private static CommandLine.IFactory factory(CliContext ctx) {
    CommandLine.IFactory dflt = CommandLine.defaultFactory();
    return new CommandLine.IFactory() {
      @Override
      public <K> K create(Class<K> cls) throws Exception {
        try {
          return cls.getDeclaredConstructor(CliContext.class).newInstance(ctx);
        } catch (NoSuchMethodException e) {
          return dflt.create(cls);
        }
      }
    };
  }
}
