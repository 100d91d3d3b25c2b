package dev.estuary.node.internal.podman;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The body of {@code POST /libpod/containers/create}: the fields of Podman's SpecGenerator
 * (pkg/specgen, Podman 4.3) the agent sets; Podman defaults the rest.
 *
 * @param name the container name
 * @param image the image reference
 * @param command the arguments (after the image's entrypoint)
 * @param env environment variables
 * @param labels labels; the agent's identify node and role
 * @param portmappings published ports
 * @param mounts bind mounts
 * @param init whether Podman runs catatonit as PID 1 (reaps zombies, forwards signals)
 * @param netns the network namespace mode
 * @param resourceLimits CPU and memory limits, or null for none
 * @param stopTimeout seconds between SIGTERM and SIGKILL on stop
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SpecGenerator(
    String name,
    String image,
    List<String> command,
    Map<String, String> env,
    Map<String, String> labels,
    List<PortMapping> portmappings,
    List<Mount> mounts,
    boolean init,
    Namespace netns,
    @JsonProperty("resource_limits") @Nullable ResourceLimits resourceLimits,
    @JsonProperty("stop_timeout") long stopTimeout) {
  /** Copies the collections. */
  public SpecGenerator {
    command = List.copyOf(command);
    env = Map.copyOf(env);
    labels = Map.copyOf(labels);
    portmappings = List.copyOf(portmappings);
    mounts = List.copyOf(mounts);
  }

  /**
   * One published port.
   *
   * @param hostIp the host address
   * @param hostPort the host port
   * @param containerPort the port inside the container
   * @param protocol {@code tcp} or {@code udp}
   */
  public record PortMapping(@JsonProperty("host_ip") String hostIp,
      @JsonProperty("host_port") int hostPort, @JsonProperty("container_port") int containerPort,
      String protocol) {}

  /**
   * One mount.
   *
   * @param destination the path inside the container
   * @param source the host path
   * @param type {@code bind}
   * @param options mount options such as {@code rbind}, {@code rw}
   */
  public record Mount(String destination, String source, String type, List<String> options) {
    /** Copies the options. */
    public Mount {
      options = List.copyOf(options);
    }
  }

  /**
   * A namespace setting.
   *
   * @param nsmode {@code bridge}, {@code host}, ...
   */
  public record Namespace(String nsmode) {}

  /**
   * The OCI resource limits the agent sets.
   *
   * @param memory the memory limit, or null
   * @param cpu the CPU quota, or null
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record ResourceLimits(@Nullable Memory memory, @Nullable Cpu cpu) {}

  /**
   * Memory limit.
   *
   * @param limit bytes
   */
  public record Memory(long limit) {}

  /**
   * CPU bandwidth: {@code quota} microseconds per {@code period}.
   *
   * @param quota microseconds of CPU time per period
   * @param period the period in microseconds
   */
  public record Cpu(long quota, long period) {}
}
