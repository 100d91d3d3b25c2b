package dev.estuary.dfs.remote.internal.server;

import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Counts the dfs-remote calls the server receives, per method: {@code
 * estuary_engine_remote_calls_total{service,method}} on the engine daemon's {@code /metrics}. The
 * count of round trips one frontend request costs (bench/README.md, "Node mode") is read from
 * these: the difference before and after a known number of requests.
 *
 * <p>A decorator around the services, so no handler carries metrics; it only counts (no timer):
 * a call is a few tens of microseconds, and a counter increment is the only cost added to it. The
 * counters are registered once per method and then found in a map, not looked up in the registry
 * on every call.
 */
public final class CallCounter implements ServerInterceptor {
  /** The meter's name (Prometheus: {@code estuary_engine_remote_calls_total}). */
  public static final String METER = "estuary.engine.remote.calls";

  private final MeterRegistry registry;
  private final ConcurrentMap<String, Counter> counters = new ConcurrentHashMap<>();

  /**
   * Creates the counter.
   *
   * @param registry where the counters go
   */
  public CallCounter(MeterRegistry registry) {
    this.registry = registry;
  }

  @Override
  public <Q, A> ServerCall.Listener<Q> interceptCall(ServerCall<Q, A> call, Metadata headers,
      ServerCallHandler<Q, A> next) {
    count(call.getMethodDescriptor());
    return next.startCall(call, headers);
  }

  /**
   * Counts one call of a method, also one that came over the descriptor socket ({@link
   * QuickCalls}).
   *
   * @param method the method
   */
  void count(MethodDescriptor<?, ?> method) {
    Counter c = counters.get(method.getFullMethodName());
    if (c == null) {
      c = counters.computeIfAbsent(method.getFullMethodName(), k -> Counter.builder(METER)
          .description("dfs-remote calls received, per method")
          .tag("service", String.valueOf(method.getServiceName()))
          .tag("method", String.valueOf(method.getBareMethodName()))
          .register(registry));
    }
    c.increment();
  }
}
