package dev.estuary.core.cli;

import dev.estuary.core.GatewayConfig;
import dev.estuary.core.UserStore;
import dev.estuary.core.internal.GatewayException;
import dev.estuary.core.internal.admin.AdminOperations;
import dev.estuary.core.internal.admin.LocalAdmin;
import dev.estuary.core.internal.admin.RemoteAdmin;
import dev.estuary.core.internal.server.BackendOpening;
import dev.estuary.core.internal.server.Backends;
import dev.estuary.core.internal.server.DataDirectory;
import dev.estuary.core.internal.server.Gateway;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Chooses how a CLI command reaches a data directory: through the admin API when a server runs on
 * it ({@code run/admin.json} present and answering), else directly (owning the directory's lock,
 * opening the user store and, when needed, the backend).
 */
final class AdminSession {
  /** How long to wait for a server that holds the data directory to start answering. */
  private static final Duration STARTUP_WAIT = Duration.ofSeconds(20);

  private AdminSession() {}

  private static void sleep() {
    try {
      Thread.sleep(200);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new GatewayException("interrupted while waiting for the server to start", e);
    }
  }

  /**
   * Opens admin operations on the configured data directory.
   *
   * @param ctx the process context
   * @param config the configuration
   * @param mustExist whether a missing data directory is an error (else it is created)
   * @return operations; the caller closes them
   */
  static AdminOperations open(CliContext ctx, GatewayConfig config, boolean mustExist) {
    if (config.backend().name().equals(Gateway.REMOTE)) {
      // Users, grants and volumes live with the engine: its daemon's admin API changes them.
      throw new GatewayException("--backend: " + config.backend().options().getOrDefault(
          "endpoint", Gateway.REMOTE) + " (expected: --data of the engine daemon's data directory"
          + " and no remote backend; admin commands reach a running daemon through it)");
    }
    if (mustExist && !Files.exists(config.dataDirectory())) {
      throw new GatewayException("data directory: " + config.dataDirectory().toAbsolutePath()
          + " does not exist (expected: a data directory, see --data)");
    }
    DataDirectory data = DataDirectory.prepare(config.dataDirectory());
    Optional<RemoteAdmin> remote = RemoteAdmin.connect(data);
    if (remote.isPresent()) {
      return remote.get();
    }
    Optional<DataDirectory.Lock> maybeLock = data.tryLock();
    // A server that is still starting holds the lock before its admin API answers: wait for it.
    long deadline = System.nanoTime() + STARTUP_WAIT.toNanos();
    while (maybeLock.isEmpty() && System.nanoTime() < deadline) {
      remote = RemoteAdmin.connect(data);
      if (remote.isPresent()) {
        return remote.get();
      }
      sleep();
      maybeLock = data.tryLock();
    }
    DataDirectory.Lock lock = maybeLock.orElseThrow(() -> new GatewayException(
        "data directory: " + data.root() + " is in use by another estuary process whose admin API"
            + " does not answer (expected: a running server with run/admin.json, or none)"));
    try {
      UserStore users = UserStore.open(data.root(), ctx.clock(), ctx.random());
      LocalAdmin local = new LocalAdmin(data.root().toString(), config.backend().name(),
          () -> BackendOpening.open(Backends.provider(config.backend(), ctx.loader()), data,
              config.backend(), ctx.clock(), new SimpleMeterRegistry()),
          true, users, ctx.random(), List::of, List::of);
      return new Locked(local, lock);
    } catch (RuntimeException e) {
      lock.close();
      throw e;
    }
  }

  /** Local operations that release the data directory lock when closed. */
  private static final class Locked extends ForwardingAdmin {
    private final DataDirectory.Lock lock;

    Locked(AdminOperations delegate, DataDirectory.Lock lock) {
      super(delegate);
      this.lock = lock;
    }

    @Override
    public void close() {
      try {
        super.close();
      } finally {
        lock.close();
      }
    }
  }
}
