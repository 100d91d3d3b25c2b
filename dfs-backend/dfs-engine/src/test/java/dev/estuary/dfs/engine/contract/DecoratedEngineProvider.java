package dev.estuary.dfs.engine.contract;

import dev.estuary.dfs.Dfs;
import dev.estuary.dfs.DfsProvider;
import dev.estuary.dfs.decorate.StandardDecorators;
import dev.estuary.dfs.engine.EngineProvider;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.function.BiFunction;

/**
 * The engine inside a stack of the standard decorators. By default the stack the launcher hands to
 * frontends ({@link StandardDecorators#apply}: reserved names, metrics, checks); {@link #served()}
 * the stack node mode's engine daemon serves ({@link StandardDecorators#served}). Contract classes
 * run over it show that the decorators keep the contract.
 */
final class DecoratedEngineProvider implements DfsProvider {
  private final EngineProvider engine = new EngineProvider();
  private final BiFunction<Dfs, MeterRegistry, Dfs> stack;

  DecoratedEngineProvider() {
    this(StandardDecorators::apply);
  }

  private DecoratedEngineProvider(BiFunction<Dfs, MeterRegistry, Dfs> stack) {
    this.stack = stack;
  }

  /** The engine as the engine daemon serves it to the frontends of a node. */
  static DecoratedEngineProvider served() {
    return new DecoratedEngineProvider(StandardDecorators::served);
  }

  @Override
  public String name() {
    return engine.name();
  }

  @Override
  public Dfs open(Context context) {
    return stack.apply(engine.open(context), context.meterRegistry());
  }
}
