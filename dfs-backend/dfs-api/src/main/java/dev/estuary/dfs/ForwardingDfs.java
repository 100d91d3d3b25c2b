package dev.estuary.dfs;

import java.util.List;
import java.util.Set;

/**
 * A {@link Dfs} that forwards every call to another one: the base of decorators (metrics, guards,
 * reserved names) that any backend gets. A decorator overrides what it changes, usually {@link
 * #volume} to hand out its own {@link ForwardingVolume}s. Every method of {@link Dfs} is forwarded
 * here, one line each, so adding a method to the contract adds one line to this class.
 */
public abstract class ForwardingDfs implements Dfs {
  private final Dfs delegate;

  /**
   * Creates a decorator of a backend.
   *
   * @param delegate the backend calls go to
   */
  protected ForwardingDfs(Dfs delegate) {
    this.delegate = delegate;
  }

  /**
   * Returns the backend calls go to.
   *
   * @return the delegate
   */
  public final Dfs delegate() {
    return delegate;
  }

  @Override
  public Set<Capability> capabilities() {
    return delegate.capabilities();
  }

  @Override
  public VolumeInfo createVolume(String name, int rootMode, Ownership owner) {
    return delegate.createVolume(name, rootMode, owner);
  }

  @Override
  public List<VolumeInfo> listVolumes() {
    return delegate.listVolumes();
  }

  @Override
  public Volume volume(String name) {
    return delegate.volume(name);
  }

  @Override
  public void deleteVolume(String name, boolean recursive) {
    delegate.deleteVolume(name, recursive);
  }

  @Override
  public void sync() {
    delegate.sync();
  }

  @Override
  public void close() {
    delegate.close();
  }

  @Override
  public String toString() {
    return getClass().getSimpleName() + "[" + delegate + "]";
  }
}
