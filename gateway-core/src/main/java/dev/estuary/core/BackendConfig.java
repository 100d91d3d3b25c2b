package dev.estuary.core;

import static java.util.Objects.requireNonNull;

import java.util.Map;
import java.util.TreeMap;

/**
 * Which backend implementation the gateway opens (a {@link dev.estuary.dfs.DfsProvider} name) and
 * the implementation-specific options handed to it unchanged.
 *
 * @param name the provider name, {@code engine} by default
 * @param options provider options, documented by each provider
 */
public record BackendConfig(String name, Map<String, String> options) {
  /** Validates and copies the components. */
  public BackendConfig {
    requireNonNull(name, "name");
    if (name.isBlank()) {
      throw new IllegalArgumentException("backend name: '' (expected: a provider name such as engine)");
    }
    options = Map.copyOf(new TreeMap<>(options));
  }
}
