package dev.estuary.dfs.engine.internal;

import java.util.concurrent.locks.ReentrantLock;
import org.jspecify.annotations.Nullable;

/**
 * The engine's namespace lock ({@link EngineDfs#ns}): a {@link ReentrantLock} that runs a hook
 * when its holder lets go of it for good (the outermost unlock), while still holding it. The open
 * table uses it to clear the marks a section left on the objects it looked at ({@link
 * ObjectTable#get}), which keep lock-free opens away from them until the section's changes are
 * committed and in the cache.
 */
final class NamespaceLock extends ReentrantLock {
  private static final long serialVersionUID = 1L;

  private transient @Nullable Runnable onRelease;

  /** Sets the hook; called once, before the engine is used. */
  void onRelease(Runnable hook) {
    this.onRelease = hook;
  }

  @Override
  public void unlock() {
    Runnable hook = onRelease;
    if (hook != null && getHoldCount() == 1) {
      hook.run();
    }
    super.unlock();
  }
}
