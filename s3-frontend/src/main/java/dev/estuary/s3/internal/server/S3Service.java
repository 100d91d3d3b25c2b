package dev.estuary.s3.internal.server;

import com.linecorp.armeria.common.HttpData;
import com.linecorp.armeria.common.HttpHeaderNames;
import com.linecorp.armeria.common.HttpMethod;
import com.linecorp.armeria.common.HttpObject;
import com.linecorp.armeria.common.HttpRequest;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpResponseWriter;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.common.QueryParams;
import com.linecorp.armeria.common.RequestHeaders;
import com.linecorp.armeria.common.ResponseHeaders;
import com.linecorp.armeria.common.ResponseHeadersBuilder;
import com.linecorp.armeria.common.stream.StreamMessage;
import com.linecorp.armeria.common.stream.StreamWriter;
import com.linecorp.armeria.common.util.TimeoutMode;
import com.linecorp.armeria.server.HttpService;
import com.linecorp.armeria.server.ServiceRequestContext;
import dev.estuary.core.Principal;
import dev.estuary.dfs.DfsException;
import dev.estuary.s3.internal.access.Anonymous;
import dev.estuary.s3.internal.codec.ErrorXml;
import dev.estuary.s3.internal.codec.HttpDate;
import dev.estuary.s3.internal.error.S3ErrorCode;
import dev.estuary.s3.internal.error.S3Exception;
import dev.estuary.s3.internal.ops.ErrorKindMap;
import dev.estuary.s3.internal.ops.Handler;
import dev.estuary.s3.internal.ops.OpRequest;
import dev.estuary.s3.internal.ops.PostForm;
import dev.estuary.s3.internal.ops.PostObjectOp;
import dev.estuary.s3.internal.ops.Operation;
import dev.estuary.s3.internal.ops.Reply;
import dev.estuary.s3.internal.ops.Store;
import io.netty.util.AttributeKey;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one Armeria service behind every S3 route: gives the request an id, works out its target
 * and operation, authenticates it, checks the per-volume permission, runs the operation's handler
 * on a virtual thread and writes its reply, streaming large bodies with backpressure. Every
 * failure becomes an AWS-shaped error document carrying the request id.
 */
public final class S3Service implements HttpService {
  private static final Logger log = LoggerFactory.getLogger(S3Service.class);
  private static final AttributeKey<Operation> OPERATION =
      AttributeKey.valueOf(S3Service.class, "operation");
  /** Request ids: a long as 16 upper-case hex digits (HexFormat is immutable). */
  private static final java.util.HexFormat REQUEST_ID = java.util.HexFormat.of().withUpperCase();

  private final Store store;
  private final RequestAuthenticator authenticator;
  private final Map<Operation, Handler> handlers;
  private final Executor executor;
  private final S3Metrics metrics;
  private final String hostId;
  private final AtomicLong sequence;

  /**
   * Creates the service.
   *
   * @param store the backend and namespace mapping
   * @param authenticator the SigV4 check
   * @param handlers a handler for every operation
   * @param executor where handlers run (virtual threads: they block on the backend)
   * @param metrics the meters
   * @param hostId the {@code x-amz-id-2} value of this server
   * @param seed the first request id number (from the clock, so ids differ across restarts)
   */
  public S3Service(Store store, RequestAuthenticator authenticator,
      Map<Operation, Handler> handlers, Executor executor, S3Metrics metrics, String hostId,
      long seed) {
    this.store = store;
    this.authenticator = authenticator;
    this.handlers = Map.copyOf(handlers);
    this.executor = executor;
    this.metrics = metrics;
    this.hostId = hostId;
    this.sequence = new AtomicLong(seed);
  }

  @Override
  public HttpResponse serve(ServiceRequestContext ctx, HttpRequest req) {
    String id = REQUEST_ID.toHexDigits(sequence.getAndIncrement()); // 16 upper-case hex digits
    ctx.addAdditionalResponseHeader("x-amz-request-id", id);
    ctx.addAdditionalResponseHeader("x-amz-id-2", hostId);
    // Armeria's own Date header has a one-digit day (disabled in S3Frontend); the server's clock,
    // the one signatures are checked against, as the IMF-fixdate of RFC 9110.
    ctx.addAdditionalResponseHeader("date", HttpDate.format(store.clock().instant()));
    // Large bodies take as long as they take: the deadline is an idle timeout, pushed forward by
    // every piece of body read (ArmeriaBody) or written (StreamingSink).
    ctx.setRequestTimeout(TimeoutMode.SET_FROM_NOW, store.settings().idleTimeout());
    ctx.setAttr(OPERATION, Operation.NOT_IMPLEMENTED);
    ctx.log().whenComplete().thenAccept(l -> {
      Operation op = ctx.attr(OPERATION);
      metrics.record(op == null ? Operation.NOT_IMPLEMENTED : op, l);
    });
    CompletableFuture<HttpResponse> future = new CompletableFuture<>();
    Continuation continuation = Http1Head.expectsContinue(req.headers())
        ? new Continuation(ctx, future) : null;
    executor.execute(() -> {
      try {
        process(ctx, req, id, future, continuation == null ? () -> {} : continuation::send);
      } catch (Throwable t) {
        log.warn("request {} failed unexpectedly", id, t);
        future.complete(error(req.headers(), S3ErrorCode.INTERNAL_ERROR.exception(), id, null));
      }
    });
    if (continuation == null) {
      return HttpResponse.of(future);
    }
    return HttpResponse.of(StreamMessage.concat(continuation.interim, HttpResponse.of(future)));
  }

  /**
   * The {@code 100 Continue} of a request whose client waits for one (RFC 9110 §10.1.1): sent as
   * an informational response when the handler first reads the body, after authentication and
   * authorisation, never before. A final response that comes without it closes the connection,
   * since the client may or may not send the body it announced; reading it only to throw it away
   * is what the 100 was meant to avoid.
   */
  private static final class Continuation {
    final StreamWriter<HttpObject> interim = StreamMessage.streaming();
    private final AtomicBoolean decided = new AtomicBoolean();

    Continuation(ServiceRequestContext ctx, CompletableFuture<HttpResponse> future) {
      future.whenComplete((r, t) -> {
        if (decided.compareAndSet(false, true)) {
          ctx.addAdditionalResponseHeader(HttpHeaderNames.CONNECTION, "close");
        }
        interim.close();
      });
    }

    void send() {
      if (decided.compareAndSet(false, true)) {
        interim.tryWrite(ResponseHeaders.of(HttpStatus.CONTINUE));
      }
    }
  }

  private void process(ServiceRequestContext ctx, HttpRequest req, String id,
      CompletableFuture<HttpResponse> future, Runnable beforeFirstRead) {
    RequestHeaders headers = HeaderText.decodeUtf8(req.headers());
    // rawPath() is the request target as sent, query included; the path part is what SigV4 signs.
    String rawTarget = ctx.rawPath();
    int qmark = rawTarget.indexOf('?');
    String rawPath = qmark < 0 ? rawTarget : rawTarget.substring(0, qmark);
    String rawQuery = qmark < 0 ? "" : rawTarget.substring(qmark + 1);
    String resource = rawPath;
    Reply reply;
    String bucket = null;
    Store requestStore = store;
    try {
      Target target = Target.of(headers.authority(), rawPath, store.settings().domain());
      QueryParams query = QueryParams.fromQueryString(rawQuery);
      Router.Route route = Router.route(headers, target, query);
      Operation op = route.operation();
      ctx.setAttr(OPERATION, op);
      bucket = target.bucket();
      Principal principal = null;
      String key = target.key();
      dev.estuary.s3.internal.ops.RequestBody body;
      // The request's bytes as they arrive; released after the handler (pooled buffers it did not
      // read).
      ArmeriaBody raw;
      if (op == Operation.CORS_PREFLIGHT) {
        raw = new ArmeriaBody(req, ctx, store.settings().idleTimeout(), s -> s, -1, Map::of,
            beforeFirstRead);
        body = raw;
      } else {
        if (op == Operation.POST_OBJECT) {
          // A browser form upload carries its credentials in the form, signed over its policy
          // document (S3 API Reference, PostObject): the fields before the file are read
          // (within limits) and verified here; the file is the body PostObjectOp streams. A form
          // with neither policy nor signature is anonymous: bucket policies and ACLs decide.
          raw = new ArmeriaBody(req, ctx, store.settings().idleTimeout(), s -> s, -1, Map::of,
              beforeFirstRead);
          PostForm form = PostForm.read(raw.stream(), headers.get(HttpHeaderNames.CONTENT_TYPE),
              store.settings().idleTimeout());
          Principal signer = authenticator.authenticateForm(form.fields());
          principal = signer != null ? signer : Anonymous.PRINCIPAL;
          body = form;
          // The object the form writes, for the access decision (null: PostObjectOp refuses it).
          key = PostObjectOp.keyOf(form);
        } else {
          Authenticated a = authenticator.authenticate(ctx, headers);
          principal = a.principal();
          raw = new ArmeriaBody(req, ctx, store.settings().idleTimeout(), a.payload(),
              a.declaredLength(), a.trailers(), beforeFirstRead);
          body = raw;
        }
        // Who may do what is decided around the handler (access.AccessControl); an unsigned
        // request learns nothing about routes it could not use anyway.
        if (route.refusal() != null && Anonymous.is(principal)) {
          throw S3ErrorCode.ACCESS_DENIED.exception();
        }
      }
      if (route.refusal() != null) {
        throw route.refusal();
      }
      if ((op == Operation.PUT_OBJECT || op == Operation.UPLOAD_PART)
          && Http1Head.lengthMissing(headers)) {
        // Without a length an upload has no body at all (RFC 9112 §6.3): S3 refuses it rather
        // than store an empty object.
        throw S3ErrorCode.MISSING_CONTENT_LENGTH.exception();
      }
      Handler h = handlers.get(op);
      if (h == null) {
        throw new S3Exception(S3ErrorCode.NOT_IMPLEMENTED, headers.method() + " " + rawPath
            + (rawQuery.isEmpty() ? "" : "?" + rawQuery)
            + ": this operation is not implemented by this server");
      }
      try {
        // One store per request: each bucket opened once, its settings' counter read once.
        requestStore = store.forRequest();
        reply = h.handle(new OpRequest(id, op, target.bucket(), key, query, headers,
            principal, body, clientAddress(ctx), ctx.sessionProtocol().isTls()), requestStore);
      } finally {
        raw.release(); // pooled buffers the handler did not read
      }
    } catch (S3Exception e) {
      future.complete(error(headers, e, id, resource));
      return;
    } catch (DfsException e) {
      S3Exception s3 = ErrorKindMap.toS3(e);
      if (s3.errorCode().httpStatus() >= 500) {
        log.warn("request {} {} {}: backend failure", id, headers.method(), rawPath, e);
      }
      future.complete(error(headers, s3, id, resource));
      return;
    } catch (Exception e) {
      if (e.getCause() instanceof S3Exception s3) {
        future.complete(error(headers, s3, id, resource));
        return;
      }
      if (isTimeout(e)) {
        future.complete(error(headers, S3ErrorCode.REQUEST_TIMEOUT.exception(
            "no request body received for " + store.settings().idleTimeout().toSeconds()
                + " s (expected: the body announced)"), id, resource));
        return;
      }
      log.warn("request {} {} {} failed", id, headers.method(), rawPath, e);
      // The exception stays in the log: its text is no business of the client's.
      future.complete(error(headers, S3ErrorCode.INTERNAL_ERROR.exception(), id, resource));
      return;
    }
    String origin = headers.get("origin");
    if (origin != null && bucket != null && reply.status() < 300
        && ctx.attr(OPERATION) != Operation.CORS_PREFLIGHT) {
      com.linecorp.armeria.common.HttpHeadersBuilder cors = reply.headers().toBuilder();
      dev.estuary.s3.internal.ops.BucketCors.decorate(requestStore, bucket, origin,
          headers.method().name(), cors);
      reply = new Reply(reply.status(), cors.build(), reply.body(), reply.streamer(),
          reply.streamLength());
    }
    send(ctx, headers, reply, future, id);
  }

  private void send(ServiceRequestContext ctx, RequestHeaders reqHeaders, Reply reply,
      CompletableFuture<HttpResponse> future, String id) {
    ResponseHeadersBuilder h = ResponseHeaders.builder(reply.status());
    h.add(reply.headers());
    boolean head = reqHeaders.method() == HttpMethod.HEAD;
    Reply.Streamer streamer = reply.streamer();
    if (streamer == null) {
      if (!head && reply.status() != 204 && reply.status() != 304
          && !h.contains(HttpHeaderNames.CONTENT_LENGTH)) {
        h.contentLength(reply.body().length);
      }
      future.complete(head || reply.body().length == 0
          ? HttpResponse.of(h.build())
          : HttpResponse.of(h.build(), HttpData.wrap(reply.body())));
      return;
    }
    h.contentLength(reply.streamLength());
    HttpResponseWriter writer = HttpResponse.streaming();
    writer.write(h.build());
    future.complete(writer);
    StreamingSink sink = new StreamingSink(writer, ctx.alloc(),
        () -> ctx.setRequestTimeout(TimeoutMode.SET_FROM_NOW, store.settings().idleTimeout()));
    try {
      streamer.stream(sink);
      writer.close();
    } catch (Exception e) {
      // Headers are gone: all that is left is to cut the response short.
      log.debug("request {}: response body aborted ({})", id, e.toString());
      writer.abort(e);
    } finally {
      sink.releaseUnsent();
    }
  }

  private HttpResponse error(RequestHeaders reqHeaders, S3Exception e, String id,
      @Nullable String resource) {
    S3Exception shown = resource != null && e.resource().isEmpty() ? e.withResource(resource) : e;
    HttpStatus status = HttpStatus.valueOf(e.errorCode().httpStatus());
    ResponseHeadersBuilder h = ResponseHeaders.builder(status);
    e.headers().forEach(x -> h.add(x.name(), x.value()));
    if (e.errorCode() == S3ErrorCode.INTERNAL_ERROR) {
      log.debug("request {}: {}", id, e.toString());
    }
    if (reqHeaders.method() == HttpMethod.HEAD || status.code() == 304) {
      return HttpResponse.of(h.build());
    }
    h.contentType(MediaType.XML_UTF_8);
    return HttpResponse.of(h.build(), HttpData.wrap(ErrorXml.encode(shown, id, hostId)));
  }

  /** The peer's address, the {@code aws:SourceIp} of bucket policies. */
  private static java.net.@Nullable InetAddress clientAddress(ServiceRequestContext ctx) {
    return ctx.remoteAddress() instanceof java.net.InetSocketAddress a ? a.getAddress() : null;
  }

  private static boolean isTimeout(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof com.linecorp.armeria.server.RequestTimeoutException
          || t instanceof com.linecorp.armeria.common.TimeoutException) {
        return true;
      }
    }
    return false;
  }
}
