package dev.estuary.node.internal.supervise;

import dev.estuary.node.internal.description.ContainerPlan;
import dev.estuary.node.internal.description.NodeDescription;
import dev.estuary.node.internal.podman.ContainerInspect;
import dev.estuary.node.internal.podman.PodmanClient;
import dev.estuary.node.internal.podman.PodmanException;
import dev.estuary.node.internal.podman.SpecGenerator;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Supervises one role's container on a thread of its own, so that a slow stop, a restart or an
 * upgrade of one role never delays another (issue 13: "a frontend upgrade or restart never
 * interrupts the other frontends"). Everything it knows is confined to that thread; others post
 * commands and read the published {@link RoleStatus}.
 *
 * <p>It restarts the container when Podman reports it died, when it is found not running, or when
 * {@code unhealthyAfter} probes in a row fail once the start grace is over; each restart in a row
 * waits longer ({@link Backoff}), and the count starts again after {@code backoffReset} of health.
 * An engine restart is the engine's own business: frontends keep running and reconnect (issue 13:
 * "an engine restart makes the frontends wait and resume"), so a frontend's failed probes do not
 * count while the engine is not healthy, nor for {@code reconnectGrace} after it became healthy
 * again; only a frontend's own death restarts it then.
 */
final class RoleSupervisor {
  private static final Logger log = LoggerFactory.getLogger(RoleSupervisor.class);

  private sealed interface Command {}

  private record Died(String containerId, @Nullable Integer exitCode, Instant at)
      implements Command {}

  private record Restart(CompletableFuture<RoleStatus> done) implements Command {}

  private record Upgrade(String image, CompletableFuture<RoleStatus> done) implements Command {}

  private record Stop() implements Command {}

  private final PodmanClient podman;
  private final HealthProbe probe;
  private final Clock clock;
  private final NodeDescription.Supervision timing;
  private final Backoff backoff;
  private final BlockingQueue<Command> queue = new LinkedBlockingQueue<>();
  private final Thread thread;
  private final Counter restartCounter;
  private final Counter failureCounter;

  // Confined to the supervisor thread.
  private NodeDescription node;
  private NodeDescription.RoleSpec role;
  private SpecGenerator spec;
  private final String name;
  private @Nullable String containerId;
  private String podmanState = "unknown";
  private String health = "starting";
  private long restarts;
  private int inARow;
  private int failedProbes;
  private @Nullable Integer lastExitCode;
  private @Nullable String lastProblem;
  private @Nullable Instant startedAt;
  private @Nullable Instant healthySince;
  /** Whether the container answered a probe since it was last started: the start grace ends then. */
  private boolean answeredSinceStart;
  private @Nullable Instant restartAt;
  private Instant nextProbe;

  private volatile RoleStatus status;
  /** When the container last became healthy, for the frontends' view of the engine. */
  private volatile @Nullable Instant healthySincePublished;
  /** The engine's supervisor, for a frontend; null for the engine itself. */
  private final @Nullable RoleSupervisor engine;

  RoleSupervisor(NodeDescription node, NodeDescription.RoleSpec role, @Nullable String containerId,
      @Nullable RoleSupervisor engine, PodmanClient podman, HealthProbe probe, Clock clock,
      MeterRegistry meters, ThreadFactory threads) {
    this.engine = engine;
    this.node = node;
    this.role = role;
    this.spec = ContainerPlan.spec(node, role);
    this.name = spec.name();
    this.containerId = containerId;
    this.podman = podman;
    this.probe = probe;
    this.clock = clock;
    this.timing = node.supervision();
    this.backoff = new Backoff(timing.backoffInitial(), timing.backoffMax());
    this.startedAt = clock.instant();
    this.nextProbe = clock.instant();
    this.status = snapshot();
    String id = role.role().id();
    Gauge.builder("estuary.node.container.healthy", this, s -> s.status.health().equals("healthy")
        ? 1 : 0).tag("role", id).description("1 when the role's container answers /health")
        .register(meters);
    Gauge.builder("estuary.node.container.running", this, s -> s.status.state().equals("running")
        ? 1 : 0).tag("role", id).description("1 when Podman reports the container running")
        .register(meters);
    // Registered now, so /metrics shows 0 before the first restart rather than nothing.
    this.restartCounter = Counter.builder("estuary.node.container.restarts").tag("role", id)
        .description("restarts of the role's container by the agent").register(meters);
    this.failureCounter = Counter.builder("estuary.node.container.failures").tag("role", id)
        .description("deaths and unhealthy verdicts of the role's container").register(meters);
    this.thread = threads.newThread(this::run);
    thread.setName("node-supervisor-" + id);
  }

  void start() {
    thread.start();
  }

  RoleStatus status() {
    return status;
  }

  String role() {
    return role.role().id();
  }

  /** Podman reported the death of a container of this role. */
  void died(String id, @Nullable Integer exitCode, Instant at) {
    queue.add(new Died(id, exitCode, at));
  }

  CompletableFuture<RoleStatus> restart() {
    CompletableFuture<RoleStatus> f = new CompletableFuture<>();
    queue.add(new Restart(f));
    return f;
  }

  CompletableFuture<RoleStatus> upgrade(String image) {
    CompletableFuture<RoleStatus> f = new CompletableFuture<>();
    queue.add(new Upgrade(image, f));
    return f;
  }

  /** Stops supervising (the container is left as it is) and waits for the thread to end. */
  void stop() throws InterruptedException {
    queue.add(new Stop());
    thread.join();
  }

  private void run() {
    try {
      while (true) {
        Instant now = clock.instant();
        Instant due = restartAt != null && restartAt.isBefore(nextProbe) ? restartAt : nextProbe;
        long waitMillis = Math.max(0, Duration.between(now, due).toMillis());
        Command c = queue.poll(waitMillis, TimeUnit.MILLISECONDS);
        if (c instanceof Stop) {
          return;
        }
        try {
          if (c != null) {
            handle(c);
          }
          now = clock.instant();
          if (restartAt != null && !now.isBefore(restartAt)) {
            restartNow("back-off over");
          }
          if (!now.isBefore(nextProbe)) {
            // Set first: a probe that throws (Podman gone) must not make the loop spin.
            nextProbe = now.plus(timing.probeInterval());
            probeOnce();
          }
        } catch (RuntimeException e) {
          // One failed Podman call must not end supervision of the role.
          lastProblem = e.getMessage();
          log.warn("node {}: {}: {}", node.name(), role(), e.getMessage());
        }
        status = snapshot();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void handle(Command c) {
    switch (c) {
      case Died d -> {
        // A death before the last start is the stop of our own restart, reported late.
        if (d.containerId().equals(containerId)
            && (startedAt == null || !d.at().isBefore(startedAt))) {
          lastExitCode = d.exitCode();
          podmanState = "exited";
          health = "restarting";
          lastProblem = "exited with code " + d.exitCode();
          logOutput();
          scheduleRestart();
        }
      }
      case Restart r -> {
        try {
          inARow = 0;
          restartNow("requested");
          status = snapshot();
          r.done().complete(status);
        } catch (RuntimeException e) {
          r.done().completeExceptionally(e);
        }
      }
      case Upgrade u -> {
        try {
          upgradeTo(u.image());
          status = snapshot();
          u.done().complete(status);
        } catch (RuntimeException e) {
          u.done().completeExceptionally(e);
        }
      }
      case Stop s -> throw new IllegalStateException("handled by run()");
    }
  }

  private void scheduleRestart() {
    if (restartAt == null) {
      Duration wait = backoff.delay(inARow);
      inARow++;
      restartAt = clock.instant().plus(wait);
      failureCounter.increment();
      log.warn("node {}: {} down ({}); restart in {} ms (attempt {} in a row)", node.name(), role(),
          lastProblem, wait.toMillis(), inARow);
    }
  }

  /** Logs the last lines the dead container wrote: why it died is usually there. */
  private void logOutput() {
    try {
      String tail = podman.logs(name, 20).strip();
      if (!tail.isEmpty()) {
        log.warn("node {}: {} last output:\n{}", node.name(), role(), tail);
      }
    } catch (PodmanException e) {
      log.debug("logs of {}", name, e);
    }
  }

  /** Stops the container if it runs, creates it if it is missing, and starts it. */
  private void restartNow(String why) {
    restartAt = null;
    // Until the start succeeds, a failure here is retried after the next back-off.
    health = "restarting";
    ContainerInspect c = podman.inspect(name);
    try {
      if (c == null) {
        containerId = podman.create(spec);
      } else {
        containerId = c.id();
        if (c.state().running()) {
          podman.stop(name, timing.stopTimeout().toSeconds());
        }
      }
      podman.start(name);
    } catch (PodmanException e) {
      lastProblem = e.getMessage();
      health = "restarting";
      scheduleRestart();
      return;
    }
    restarts++;
    restartCounter.increment();
    startedAt = clock.instant();
    healthySince = null;
    answeredSinceStart = false;
    failedProbes = 0;
    health = "starting";
    podmanState = "running";
    nextProbe = clock.instant();
    log.info("node {}: {} restarted ({})", node.name(), role(), why);
  }

  private void probeOnce() {
    if (restartAt != null) {
      return; // waiting out the back-off
    }
    ContainerInspect c = podman.inspect(name);
    if (c == null || !c.state().running()) {
      podmanState = c == null ? "missing" : c.state().status();
      if (c != null) {
        containerId = c.id();
        lastExitCode = c.state().exitCode();
      }
      lastProblem = c == null ? "container missing" : "not running (" + c.state().status() + ")";
      health = "restarting";
      if (c != null && restartAt == null) {
        logOutput();
      }
      scheduleRestart();
      return;
    }
    containerId = c.id();
    podmanState = "running";
    Instant now = clock.instant();
    String problem = probe.check(role);
    if (problem == null) {
      if (healthySince == null) {
        healthySince = now;
        log.info("node {}: {} healthy", node.name(), role());
      }
      answeredSinceStart = true;
      health = "healthy";
      failedProbes = 0;
      if (inARow > 0 && !now.isBefore(healthySince.plus(timing.backoffReset()))) {
        inARow = 0;
      }
      return;
    }
    lastProblem = problem;
    if (engine != null) {
      Instant engineHealthy = engine.healthySincePublished;
      if (engineHealthy == null
          || now.isBefore(engineHealthy.plus(timing.reconnectGrace()))) {
        health = "waiting for engine";
        healthySince = null;
        failedProbes = 0;
        lastProblem = problem + " (engine not ready: not counted)";
        return;
      }
    }
    // Once healthy after a start, a failed probe counts at once: the grace is for starting only.
    boolean inGrace = !answeredSinceStart && startedAt != null
        && now.isBefore(startedAt.plus(timing.startGrace()));
    if (inGrace) {
      health = "starting";
      return;
    }
    healthySince = null;
    failedProbes++;
    if (failedProbes >= timing.unhealthyAfter()) {
      health = "unhealthy";
      failedProbes = 0;
      scheduleRestart();
    }
  }

  /**
   * Replaces the container with one from another image: the old one is renamed aside, the new one
   * created under the role's name, the old stopped and the new started; if the new one is not
   * healthy within the start grace, it is removed and the old one comes back.
   */
  private void upgradeTo(String image) {
    NodeDescription next = node.withImage(role.role(), image);
    NodeDescription.RoleSpec nextRole = next.role(role.role());
    if (nextRole == null) {
      throw new IllegalStateException("role " + role() + " vanished from the description");
    }
    SpecGenerator nextSpec = ContainerPlan.spec(next, nextRole);
    if (!podman.imageExists(image)) {
      throw new IllegalArgumentException("upgrade " + role() + ": image " + image + " not found in"
          + " Podman's store (expected: a local image, such as one built by containers/build)");
    }
    String aside = name + "-previous";
    podman.remove(aside);
    ContainerInspect old = podman.inspect(name);
    if (old != null) {
      podman.rename(name, aside);
    }
    String newId;
    try {
      newId = podman.create(nextSpec);
    } catch (PodmanException e) {
      if (old != null) {
        podman.rename(aside, name);
      }
      throw e;
    }
    if (old != null) {
      podman.stop(aside, timing.stopTimeout().toSeconds());
    }
    String previousId = containerId;
    containerId = newId;
    restartAt = null;
    String problem = "not started";
    try {
      podman.start(name);
      Instant deadline = clock.instant().plus(timing.startGrace());
      while (true) {
        ContainerInspect c = podman.inspect(name);
        if (c == null || !c.state().running()) {
          problem = "the new container stopped (" + (c == null ? "missing" : "exit code "
              + c.state().exitCode()) + ")";
          break;
        }
        problem = probe.check(nextRole);
        if (problem == null || !clock.instant().isBefore(deadline)) {
          break;
        }
        // Commands wait until the upgrade is decided; a died event of the old container is moot.
        waitFor(timing.probeInterval());
      }
    } catch (PodmanException e) {
      problem = e.getMessage();
    }
    if (problem == null) {
      if (old != null) {
        podman.remove(aside);
      }
      node = next;
      role = nextRole;
      spec = nextSpec;
      inARow = 0;
      startedAt = clock.instant();
      healthySince = startedAt;
      answeredSinceStart = true;
      health = "healthy";
      podmanState = "running";
      lastProblem = null;
      log.info("node {}: {} upgraded to {}", node.name(), role(), image);
      return;
    }
    // Roll back: the role must keep serving with the image that worked.
    podman.remove(name);
    containerId = previousId;
    if (old != null) {
      podman.rename(aside, name);
      podman.start(name);
      startedAt = clock.instant();
      healthySince = null;
      answeredSinceStart = false;
      health = "starting";
      nextProbe = clock.instant();
    }
    throw new IllegalStateException("upgrade " + role() + " to " + image + ": " + problem
        + " within " + timing.startGrace().toSeconds() + " s; rolled back to " + role.image());
  }

  private void waitFor(Duration d) {
    try {
      Thread.sleep(d);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  private RoleStatus snapshot() {
    healthySincePublished = health.equals("healthy") ? healthySince : null;
    return new RoleStatus(role(), name, containerId, role.image(), podmanState, health, restarts,
        lastExitCode, lastProblem, startedAt == null ? null : startedAt.toString(),
        restartAt == null ? null : restartAt.toString());
  }
}
