package dev.estuary.dataset.internal.server;

import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerMethodDefinition;
import io.grpc.ServerServiceDefinition;
import io.grpc.ServiceDescriptor;
import io.grpc.Status;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Answers a request message that does not parse with INVALID_ARGUMENT, as dataset.proto promises.
 * grpc-java parses a request in its own call machinery ({@code MethodDescriptor.parseRequest},
 * before any interceptor or listener sees the message) and ends the call with UNKNOWN
 * ("Application error processing RPC") when the marshaller throws (issue 8 item 8). So each
 * method's request marshaller is wrapped to return a {@link Malformed} marker instead of throwing,
 * and the wrapped handler's listener ends the call with INVALID_ARGUMENT when it meets one, and
 * tells the handler the call is over (as a cancel) so that it drops whatever it holds. Response
 * marshallers are untouched: no message is copied.
 */
final class RequestParsing {
  private RequestParsing() {}

  /** A request the protobuf parser refused, in place of the message. */
  private record Malformed(String method, String reason) {}

  /**
   * Wraps every method of a service.
   *
   * @param service the bound service (before interceptors, so they see the INVALID_ARGUMENT close)
   * @return the same service whose requests are parsed as described above
   */
  static ServerServiceDefinition guard(ServerServiceDefinition service) {
    ServiceDescriptor sd = service.getServiceDescriptor();
    List<ServerMethodDefinition<?, ?>> methods = new ArrayList<>();
    ServiceDescriptor.Builder descriptor = ServiceDescriptor.newBuilder(sd.getName())
        .setSchemaDescriptor(sd.getSchemaDescriptor());
    for (ServerMethodDefinition<?, ?> m : service.getMethods()) {
      ServerMethodDefinition<?, ?> w = wrap(m);
      methods.add(w);
      descriptor.addMethod(w.getMethodDescriptor());
    }
    ServerServiceDefinition.Builder b = ServerServiceDefinition.builder(descriptor.build());
    methods.forEach(b::addMethod);
    return b.build();
  }

  private static <Q, R> ServerMethodDefinition<Object, R> wrap(ServerMethodDefinition<Q, R> m) {
    MethodDescriptor<Q, R> md = m.getMethodDescriptor();
    MethodDescriptor<Object, R> wrapped = md.toBuilder(marshaller(md), md.getResponseMarshaller()).build();
    return ServerMethodDefinition.create(wrapped, handler(m.getServerCallHandler()));
  }

  private static <Q> MethodDescriptor.Marshaller<Object> marshaller(MethodDescriptor<Q, ?> md) {
    return new MethodDescriptor.Marshaller<>() {
      @Override
      @SuppressWarnings("unchecked")
      public InputStream stream(Object value) {
        return md.streamRequest((Q) value);
      }

      @Override
      public Object parse(InputStream in) {
        try {
          return md.parseRequest(in);
        } catch (RuntimeException e) {
          // protobuf's InvalidProtocolBufferException, wrapped by grpc's marshaller in a status.
          Throwable root = e;
          while (root.getCause() != null) {
            root = root.getCause();
          }
          return new Malformed(md.getFullMethodName(), String.valueOf(root.getMessage()));
        }
      }
    };
  }

  private static <Q, R> ServerCallHandler<Object, R> handler(ServerCallHandler<Q, R> next) {
    return (call, headers) -> {
      // The request type appears only in the listener: the call itself sends R and is typed as
      // the handler expects.
      @SuppressWarnings("unchecked")
      ServerCall<Q, R> typed = (ServerCall<Q, R>) (ServerCall<?, R>) call;
      ServerCall.Listener<Q> inner = next.startCall(typed, headers);
      return new ServerCall.Listener<>() {
        private boolean refused;

        @Override
        @SuppressWarnings("unchecked")
        public void onMessage(Object message) {
          if (refused) {
            return;
          }
          if (message instanceof Malformed bad) {
            refused = true;
            String reason = bad.reason().length() > 200 ? bad.reason().substring(0, 200) + "..." : bad.reason();
            call.close(Status.INVALID_ARGUMENT.withDescription("request: not a valid protobuf message for "
                + bad.method() + " (" + reason + ") (expected: the request message dataset.proto defines)"),
                new Metadata());
            inner.onCancel();
            return;
          }
          inner.onMessage((Q) message);
        }

        @Override
        public void onHalfClose() {
          if (!refused) {
            inner.onHalfClose();
          }
        }

        @Override
        public void onCancel() {
          if (!refused) {
            inner.onCancel();
          }
        }

        @Override
        public void onComplete() {
          if (!refused) {
            inner.onComplete();
          }
        }

        @Override
        public void onReady() {
          if (!refused) {
            inner.onReady();
          }
        }
      };
    };
  }
}
