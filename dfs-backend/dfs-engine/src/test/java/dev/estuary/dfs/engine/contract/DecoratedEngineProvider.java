package dev.estuary.dfs.engine.contract;

import dev.estuary.dfs.Dfs;
import dev.estuary.dfs.DfsProvider;
import dev.estuary.dfs.decorate.StandardDecorators;
import dev.estuary.dfs.engine.EngineProvider;

/**
 * The engine as the launcher hands it to frontends: inside the standard decorators (reserved
 * names, metrics). Contract classes run over it show that the decorators keep the contract.
 */
final class DecoratedEngineProvider implements DfsProvider {
  private final EngineProvider engine = new EngineProvider();

  @Override
  public String name() {
    return engine.name();
  }

  @Override
  public Dfs open(Context context) {
    return StandardDecorators.apply(engine.open(context), context.meterRegistry());
  }
}
