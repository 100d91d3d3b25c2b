package dev.estuary.core;

import static java.util.Objects.requireNonNull;

import dev.estuary.dfs.Dfs;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.InetAddress;
import java.time.Clock;
import java.util.concurrent.ExecutorService;
import org.jspecify.annotations.Nullable;

/**
 * Everything a {@link Frontend} gets from the launcher. Frontends read nothing else: no
 * environment, no system properties, no wall clock of their own.
 *
 * @param dfs the open backend, shared by all frontends; frontends never close it
 * @param config the whole gateway configuration
 * @param identity the identity service: authentication, users, groups, SIDs, NFS export rules
 * @param authorizer per-volume authorisation
 * @param meterRegistry where the frontend registers its meters (exported on {@code /metrics})
 * @param clock the time source
 * @param executor a shared executor for blocking backend work; frontends never shut it down
 * @param bindAddress the address to listen on
 * @param port the port to listen on (0 picks a free one)
 * @param sseKeys where S3 SSE-S3 data keys are wrapped: null for the {@link MasterKeys} of {@link
 *     GatewayConfig#dataDirectory()} (all-in-one), the engine daemon's in a frontend process of a
 *     node
 */
public record FrontendContext(
    Dfs dfs,
    GatewayConfig config,
    IdentityService identity,
    Authorizer authorizer,
    MeterRegistry meterRegistry,
    Clock clock,
    ExecutorService executor,
    InetAddress bindAddress,
    int port,
    @Nullable KeyWrapper sseKeys) {
  /** Validates the components. */
  public FrontendContext {
    requireNonNull(dfs, "dfs");
    requireNonNull(config, "config");
    requireNonNull(identity, "identity");
    requireNonNull(authorizer, "authorizer");
    requireNonNull(meterRegistry, "meterRegistry");
    requireNonNull(clock, "clock");
    requireNonNull(executor, "executor");
    requireNonNull(bindAddress, "bindAddress");
  }

  /**
   * Creates a context whose SSE-S3 keys are the data directory's ({@code sseKeys} null).
   *
   * @param dfs see the record
   * @param config see the record
   * @param identity see the record
   * @param authorizer see the record
   * @param meterRegistry see the record
   * @param clock see the record
   * @param executor see the record
   * @param bindAddress see the record
   * @param port see the record
   */
  public FrontendContext(Dfs dfs, GatewayConfig config, IdentityService identity,
      Authorizer authorizer, MeterRegistry meterRegistry, Clock clock, ExecutorService executor,
      InetAddress bindAddress, int port) {
    this(dfs, config, identity, authorizer, meterRegistry, clock, executor, bindAddress, port,
        null);
  }

  /**
   * Returns the request metrics of a frontend in the shared scheme ({@code
   * estuary_<frontend>_requests_total} and {@code estuary_<frontend>_request_duration_seconds}),
   * registered in {@link #meterRegistry()}.
   *
   * @param frontend the frontend's {@link Frontend#name()}
   * @return the metrics
   */
  public RequestMetrics requestMetrics(String frontend) {
    return new RequestMetrics(meterRegistry, frontend);
  }
}
