package dev.estuary.node.internal.podman;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The part of {@code GET /libpod/containers/{name}/json} the agent reads.
 *
 * @param id the container id
 * @param name the name
 * @param imageName the image reference it was created from
 * @param state its state
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ContainerInspect(
    @JsonProperty("Id") String id,
    @JsonProperty("Name") String name,
    @JsonProperty("ImageName") String imageName,
    @JsonProperty("State") State state) {
  /**
   * The process state.
   *
   * @param status {@code running}, {@code exited}, ...
   * @param running whether it runs
   * @param pid its PID 1 on the host, 0 when not running
   * @param exitCode the last exit code
   * @param oomKilled whether the kernel's OOM killer ended it
   */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record State(
      @JsonProperty("Status") String status,
      @JsonProperty("Running") boolean running,
      @JsonProperty("Pid") int pid,
      @JsonProperty("ExitCode") int exitCode,
      @JsonProperty("OOMKilled") boolean oomKilled) {}
}
