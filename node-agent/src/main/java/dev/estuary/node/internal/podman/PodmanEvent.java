package dev.estuary.node.internal.podman;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * One line of {@code GET /libpod/events?stream=true} (Docker-compatible event JSON, NDJSON).
 *
 * @param type {@code container}, {@code image}, ...
 * @param action {@code start}, {@code died}, {@code remove}, ...
 * @param actor the object and its attributes (name, image, labels, {@code containerExitCode})
 * @param timeNano when, in epoch nanoseconds
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record PodmanEvent(
    @JsonProperty("Type") String type,
    @JsonProperty("Action") String action,
    @JsonProperty("Actor") Actor actor,
    @JsonProperty("timeNano") long timeNano) {
  /**
   * The object of an event.
   *
   * @param id its id
   * @param attributes name, image, labels and more
   */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Actor(@JsonProperty("ID") String id,
      @JsonProperty("Attributes") @Nullable Map<String, String> attributes) {
    /**
     * Returns one attribute.
     *
     * @param key the attribute
     * @return its value, or null
     */
    public @Nullable String attribute(String key) {
      return attributes == null ? null : attributes.get(key);
    }
  }
}
