package dev.estuary.dataset.internal.server;

import dev.estuary.core.RequestMetrics;
import io.grpc.ForwardingServerCall;
import io.grpc.ForwardingServerCallListener;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Records every call in the shared request scheme ({@link RequestMetrics}: {@code
 * estuary_dataset_requests_total{op,status}} and {@code
 * estuary_dataset_request_duration_seconds{op,status}}), op being the gRPC method and status the
 * final gRPC code (a call the client cancels or whose deadline expires counts as CANCELLED).
 * Outermost interceptor, so calls refused by authentication count too.
 */
final class MetricsInterceptor implements ServerInterceptor {
  private final RequestMetrics metrics;

  MetricsInterceptor(RequestMetrics metrics) {
    this.metrics = metrics;
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
    metrics.record(method, code.name(), System.nanoTime() - start);
  }
}
