package dev.estuary.node.internal.podman;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * One entry of {@code GET /libpod/containers/json} (the fields the agent reads).
 *
 * @param id the container id
 * @param names the names (one)
 * @param image the image reference it was created from
 * @param state {@code created}, {@code running}, {@code exited}, ...
 * @param labels its labels
 * @param pid the process id of its PID 1 on the host, 0 when not running
 * @param exitCode the last exit code
 * @param startedAt when it last started, epoch seconds
 * @param ports its published ports, or null
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ContainerView(
    @JsonProperty("Id") String id,
    @JsonProperty("Names") List<String> names,
    @JsonProperty("Image") String image,
    @JsonProperty("State") String state,
    @JsonProperty("Labels") @Nullable Map<String, String> labels,
    @JsonProperty("Pid") int pid,
    @JsonProperty("ExitCode") int exitCode,
    @JsonProperty("StartedAt") long startedAt,
    @JsonProperty("Ports") @Nullable List<Port> ports) {
  /**
   * One published port.
   *
   * @param hostIp the host address
   * @param hostPort the host port
   */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Port(@JsonProperty("host_ip") String hostIp,
      @JsonProperty("host_port") int hostPort) {}

  /**
   * Returns the container's name.
   *
   * @return the first name, or the id when it has none
   */
  public String name() {
    return names.isEmpty() ? id : names.getFirst();
  }

  /**
   * Returns one label.
   *
   * @param key the label key
   * @return its value, or null
   */
  public @Nullable String label(String key) {
    return labels == null ? null : labels.get(key);
  }

  /**
   * Tells whether the container runs.
   *
   * @return true when its state is {@code running}
   */
  public boolean running() {
    return state.equals("running");
  }
}
