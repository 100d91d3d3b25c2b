package dev.estuary.core.internal.server;

import java.util.Map;
import java.util.TreeMap;

/**
 * What {@code /health} reports: each component ({@code backend}, {@code engine}, {@code
 * frontend.<name>}) as {@code UP} or {@code DOWN}, either optionally followed by {@code ": "} and a
 * detail; the whole is up only when every component is.
 *
 * @param components component name to {@code UP} or {@code DOWN}, with an optional detail
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
    // "UP: 3 open references" is up too: the engine daemon's detail (a node agent's probe restarted a
    // healthy engine while only the bare word counted).
    return components.values().stream().allMatch(v -> v.equals("UP") || v.startsWith("UP: "));
  }
}
