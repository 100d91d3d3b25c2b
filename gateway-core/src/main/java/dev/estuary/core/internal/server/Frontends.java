package dev.estuary.core.internal.server;

import dev.estuary.core.Frontend;
import dev.estuary.core.FrontendOption;
import dev.estuary.core.FrontendSelection;
import dev.estuary.core.internal.GatewayException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeMap;

/** Discovers {@link Frontend}s with {@link ServiceLoader} and applies the enabled selection. */
public final class Frontends {
  private Frontends() {}

  /**
   * Returns every frontend in the build, by name.
   *
   * @param loader where to look
   * @return frontends in name order
   * @throws GatewayException if two frontends share a name
   */
  public static Map<String, Frontend> available(ClassLoader loader) {
    Map<String, Frontend> found = new TreeMap<>();
    for (Frontend f : ServiceLoader.load(Frontend.class, loader)) {
      Frontend prev = found.put(f.name(), f);
      if (prev != null) {
        throw new GatewayException("frontend: '" + f.name() + "' is provided by both "
            + prev.getClass().getName() + " and " + f.getClass().getName() + " (expected: one)");
      }
    }
    return found;
  }

  /**
   * Returns the frontends to start.
   *
   * @param selection what the configuration enables
   * @param available what the build offers
   * @return the frontends in name order
   * @throws GatewayException if an enabled frontend is not in the build
   */
  public static List<Frontend> select(FrontendSelection selection, Map<String, Frontend> available) {
    List<Frontend> out = new ArrayList<>();
    if (selection.all()) {
      out.addAll(available.values());
      return out;
    }
    for (String name : selection.names()) {
      Frontend f = available.get(name);
      if (f == null) {
        throw new GatewayException(
            "frontends: '" + name + "' is not available in this build (available: "
                + describe(available) + ")");
      }
      out.add(f);
    }
    return out;
  }

  /**
   * Checks the configured frontend options against what the frontends in the build declare: an
   * option a frontend does not declare is refused with the known ones named, and every value is
   * checked by its declaration. Options of a frontend this build lacks are left alone (one
   * configuration may serve several processes of a node, each with some frontends).
   *
   * @param available the frontends in the build
   * @param options the configured options, keyed {@code frontend.option}
   * @throws GatewayException naming the first unknown option or unusable value
   */
  public static void checkOptions(Map<String, Frontend> available, Map<String, String> options) {
    for (Map.Entry<String, String> e : new TreeMap<>(options).entrySet()) {
      int dot = e.getKey().indexOf('.');
      String name = dot < 0 ? e.getKey() : e.getKey().substring(0, dot);
      Frontend f = available.get(name);
      if (f == null) {
        continue;
      }
      String key = e.getKey().substring(dot + 1);
      FrontendOption o = f.options().stream().filter(x -> x.name().equals(key)).findFirst()
          .orElseThrow(() -> new GatewayException("frontends.options: unknown option '"
              + e.getKey() + "' (expected: " + (f.options().isEmpty() ? "none, frontend '" + name
                  + "' has no options" : "one of " + String.join(", ", f.options().stream()
                      .map(x -> name + "." + x.name()).toList())) + ")"));
      try {
        o.check(name, e.getValue());
      } catch (IllegalArgumentException ex) {
        throw new GatewayException(ex.getMessage(), ex);
      }
    }
  }

  /**
   * Names the available frontends for messages.
   *
   * @param available what the build offers
   * @return e.g. {@code s3, smb} or {@code none}
   */
  public static String describe(Map<String, Frontend> available) {
    return available.isEmpty() ? "none" : String.join(", ", available.keySet());
  }
}
