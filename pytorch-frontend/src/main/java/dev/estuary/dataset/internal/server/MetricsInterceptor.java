package dev.estuary.dataset.internal.server;

import io.grpc.ForwardingServerCall;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * Records every call in the shared registry: a latency timer {@code estuary.dataset.rpc} tagged with
 * the method and the final status code, and a counter {@code estuary.dataset.errors} by method and
 * code for calls that did not end OK. Outermost interceptor, so refused calls count too.
 */
final class MetricsInterceptor implements ServerInterceptor {
  private final MeterRegistry registry;

  MetricsInterceptor(MeterRegistry registry) {
    this.registry = registry;
  }

  @Override
  public <Q, R> ServerCall.Listener<Q> interceptCall(
      ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
    String method = call.getMethodDescriptor().getBareMethodName();
    long start = System.nanoTime();
    ServerCall<Q, R> timed = new ForwardingServerCall.SimpleForwardingServerCall<>(call) {
      @Override
      public void close(Status status, Metadata trailers) {
        String code = status.getCode().name();
        Timer.builder("estuary.dataset.rpc").description("Dataset service calls by method and status")
            .tag("method", String.valueOf(method)).tag("status", code)
            .register(registry).record(System.nanoTime() - start, java.util.concurrent.TimeUnit.NANOSECONDS);
        if (!status.isOk()) {
          Counter.builder("estuary.dataset.errors").description("Dataset service calls that did not end OK")
              .tag("method", String.valueOf(method)).tag("status", code).register(registry).increment();
        }
        super.close(status, trailers);
      }
    };
    return next.startCall(timed, headers);
  }
}
