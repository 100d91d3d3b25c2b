package dev.estuary.node.internal.supervise;

import org.jspecify.annotations.Nullable;

/**
 * What the agent knows about one role's container, as {@code /api/v1/node} shows it.
 *
 * @param role the role
 * @param container the container name
 * @param containerId the container id, or null when there is none
 * @param image the image it runs
 * @param state Podman's state ({@code running}, {@code exited}, ...) or {@code missing}
 * @param health {@code starting}, {@code healthy}, {@code unhealthy}, {@code restarting} or
 *     {@code stopped}
 * @param restarts how often the agent restarted it since it started supervising
 * @param lastExitCode the exit code of its last death, or null
 * @param lastProblem the last failed probe or failed Podman call, or null
 * @param startedAt when the agent last started it (ISO-8601), or null
 * @param nextRestartAt when the next restart is due (ISO-8601), or null
 */
public record RoleStatus(String role, String container, @Nullable String containerId, String image,
    String state, String health, long restarts, @Nullable Integer lastExitCode,
    @Nullable String lastProblem, @Nullable String startedAt, @Nullable String nextRestartAt) {}
