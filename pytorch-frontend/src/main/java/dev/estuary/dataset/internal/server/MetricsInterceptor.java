package dev.estuary.dataset.internal.server;

import io.grpc.ForwardingServerCall;
import io.grpc.ForwardingServerCallListener;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Records every call in the shared registry: a latency timer {@code estuary.dataset.rpc} tagged with
 * the method and the final status code, and a counter {@code estuary.dataset.errors} by method and
 * code for calls that did not end OK (a call the client cancels or whose deadline expires counts
 * as CANCELLED). Outermost interceptor, so calls refused by authentication count too.
 */
final class MetricsInterceptor implements ServerInterceptor {
  private final MeterRegistry registry;

  MetricsInterceptor(MeterRegistry registry) {
    this.registry = registry;
  }

  @Override
  public <Q, R> ServerCall.Listener<Q> interceptCall(
      ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
    String method = String.valueOf(call.getMethodDescriptor().getBareMethodName());
    long start = System.nanoTime();
    AtomicBoolean recorded = new AtomicBoolean();
    ServerCall<Q, R> timed = new ForwardingServerCall.SimpleForwardingServerCall<>(call) {
      @Override
      public void close(Status status, Metadata trailers) {
        record(method, status.getCode(), start, recorded);
        super.close(status, trailers);
      }
    };
    ServerCall.Listener<Q> listener = next.startCall(timed, headers);
    return new ForwardingServerCallListener.SimpleForwardingServerCallListener<>(listener) {
      @Override
      public void onCancel() {
        record(method, Status.Code.CANCELLED, start, recorded);
        super.onCancel();
      }
    };
  }

  private void record(String method, Status.Code code, long start, AtomicBoolean recorded) {
    if (!recorded.compareAndSet(false, true)) {
      return;
    }
    Timer.builder("estuary.dataset.rpc").description("Dataset service calls by method and status")
        .tag("method", method).tag("status", code.name())
        .register(registry).record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
    if (code != Status.Code.OK) {
      Counter.builder("estuary.dataset.errors").description("Dataset service calls that did not end OK")
          .tag("method", method).tag("status", code.name()).register(registry).increment();
    }
  }
}
