package dev.estuary.core.internal.remote;

import io.grpc.BindableService;
import io.grpc.ForwardingServerCall.SimpleForwardingServerCall;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * Counts and times the calls of the engine daemon's own services (identity, SSE keys) on its
 * {@code /metrics}: {@code estuary_engine_service_requests_seconds{service,method,status}} (a
 * timer, so count and sum). A decorator around a service, so the handlers stay free of metrics.
 */
public final class ServiceMetrics implements ServerInterceptor {
  private final MeterRegistry registry;

  private ServiceMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  /**
   * Wraps a service so its calls are metered.
   *
   * @param service the service
   * @param registry where the timers go
   * @return the service to register
   */
  public static BindableService intercept(BindableService service, MeterRegistry registry) {
    ServerServiceDefinition def = ServerInterceptors.intercept(service, new ServiceMetrics(registry));
    return () -> def;
  }

  @Override
  public <Q, A> ServerCall.Listener<Q> interceptCall(ServerCall<Q, A> call, Metadata headers,
      ServerCallHandler<Q, A> next) {
    long start = System.nanoTime();
    String method = call.getMethodDescriptor().getBareMethodName();
    String service = call.getMethodDescriptor().getServiceName();
    return next.startCall(new SimpleForwardingServerCall<>(call) {
      @Override
      public void close(Status status, Metadata trailers) {
        Timer.builder("estuary.engine.service.requests")
            .description("Calls of the engine daemon's identity and SSE key services")
            .tag("service", service == null ? "unknown" : service)
            .tag("method", method == null ? "unknown" : method)
            .tag("status", status.getCode().name())
            .register(registry)
            .record(System.nanoTime() - start, java.util.concurrent.TimeUnit.NANOSECONDS);
        super.close(status, trailers);
      }
    }, headers);
  }
}
