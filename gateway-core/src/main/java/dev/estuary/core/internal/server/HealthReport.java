package dev.estuary.core.internal.server;

import java.util.Map;
import java.util.TreeMap;

/**
 * What {@code /health} reports: each component ({@code backend}, {@code frontend.<name>}) as
 * {@code UP} or {@code DOWN}; the whole is up only when every component is.
 *
 * @param components component name to {@code UP} or {@code DOWN} plus a reason
 */
public record HealthReport(Map<String, String> components) {
  /** Copies the components in name order. */
  public HealthReport {
    components = Map.copyOf(new TreeMap<>(components));
  }

  /**
   * Returns whether every component is up.
   *
   * @return true when healthy
   */
  public boolean up() {
    return components.values().stream().allMatch("UP"::equals);
  }
}
