/** Making Podman match the plan, and supervising it: Podman's event stream, the agent's own health probes (Podman healthchecks need systemd timers), restarts with capped exponential back-off, restart and upgrade of one role. */
@NullMarked
package dev.estuary.node.internal.supervise;

import org.jspecify.annotations.NullMarked;
