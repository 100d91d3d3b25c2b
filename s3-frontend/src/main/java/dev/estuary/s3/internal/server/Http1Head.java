package dev.estuary.s3.internal.server;

import com.linecorp.armeria.common.RequestHeaders;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpServerUpgradeHandler;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http2.Http2ConnectionHandler;
import java.util.List;
import java.util.Map;

/**
 * What Armeria hides of an HTTP/1 request head and the S3 service needs: whether the client waits
 * for {@code 100 Continue}, and whether the request had any body framing at all.
 *
 * <p>Armeria drops {@code Transfer-Encoding}, so a request with neither {@code Content-Length} nor
 * chunked encoding (an empty body by RFC 9112 §6.3, which S3 answers 411 MissingContentLength for
 * an upload) looks like a chunked one; {@link #LENGTH_MISSING} marks it.
 *
 * <p>It takes the answer to {@code Expect: 100-continue} (RFC 9110 §10.1.1) away from Armeria, so that
 * the S3 service sends {@code 100 Continue} only once the request is authenticated, authorised and
 * its handler starts reading the body; a request refused before that gets its final status without
 * the client ever sending the body.
 *
 * <p>Armeria's HTTP/1 decoder answers 100 Continue as soon as it has the request head and removes
 * the {@code Expect} header, before any service runs (Armeria 1.35 {@code
 * Http1RequestDecoder.handle100Continue}); with that, an anonymous PUT announcing 200 MB was read
 * in full before its 403. A handler between the HTTP/1 codec and that decoder renames the header
 * to {@link #HEADER}, which Armeria leaves alone; the service then sends the 100 itself as an
 * informational response (see {@code S3Service}). Armeria adds its HTTP/1 codec only when the
 * first bytes of a connection show it is not HTTP/2, so {@link #install} puts a handler in front
 * that feeds those first bytes one at a time until the codec is there and the renaming handler
 * can be placed after it (no request head carrying an Expect header fits in the few bytes fed).
 *
 * <p>HTTP/2 (h2c) is left as it is: there the body is bounded by the stream's flow-control
 * window, and a refused stream is reset rather than read.
 */
public final class Http1Head {
  /**
   * The request header carrying a client's {@code Expect: 100-continue} to the service. A client
   * that sends this header itself has it removed.
   */
  public static final String HEADER = "x-estuary-expect-continue";
  /**
   * The request header marking an HTTP/1 request with neither {@code Content-Length} nor chunked
   * transfer coding. A client that sends this header itself has it removed.
   */
  public static final String LENGTH_MISSING = "x-estuary-length-missing";

  private static final String INSTALLER = "estuary-expect-continue-installer";
  private static final String RENAMER = "estuary-expect-continue";
  /** Bytes fed one at a time before giving up on finding the codec (Armeria decides on 4). */
  private static final int MAX_PROBE = 64;
  private static final Renamer RENAMER_INSTANCE = new Renamer();

  private Http1Head() {}

  /**
   * Prepares a new connection's pipeline (for {@code ServerBuilder.childChannelPipelineCustomizer}).
   *
   * @param pipeline the pipeline of an accepted connection
   */
  public static void install(ChannelPipeline pipeline) {
    pipeline.addFirst(INSTALLER, new Installer());
  }

  /**
   * Whether the client asked for {@code 100 Continue} before sending the body.
   *
   * @param headers the request headers as the service sees them
   * @return true if the service must answer 100 before it reads the body
   */
  public static boolean expectsContinue(RequestHeaders headers) {
    return headers.contains(HEADER);
  }

  /**
   * Whether an HTTP/1 request came with neither {@code Content-Length} nor chunked encoding.
   *
   * @param headers the request headers as the service sees them
   * @return true if the request framed no body at all
   */
  public static boolean lengthMissing(RequestHeaders headers) {
    return headers.contains(LENGTH_MISSING);
  }

  /**
   * The headers as the client sent them, {@code Expect} included: a client may have signed it.
   *
   * @param headers the request headers as the service sees them
   * @return the headers with {@link #HEADER} turned back into {@code Expect}
   */
  public static RequestHeaders asSent(RequestHeaders headers) {
    String v = headers.get(HEADER);
    if (v == null && !headers.contains(LENGTH_MISSING)) {
      return headers;
    }
    var b = headers.toBuilder().removeAndThen(HEADER).removeAndThen(LENGTH_MISSING);
    return (v == null ? b : b.add("expect", v)).build();
  }

  /** Feeds the first bytes of a connection one at a time until the HTTP/1 codec is in place. */
  private static final class Installer extends ChannelInboundHandlerAdapter {
    private int fed;

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      if (!(msg instanceof ByteBuf buf)) {
        ctx.fireChannelRead(msg);
        return;
      }
      try {
        while (buf.isReadable()) {
          if (placed(ctx.pipeline()) || fed >= MAX_PROBE) {
            ctx.fireChannelRead(buf.retain());
            ctx.pipeline().remove(this);
            return;
          }
          fed++;
          ctx.fireChannelRead(buf.readRetainedSlice(1));
        }
      } finally {
        buf.release();
      }
    }

    /** Places the renamer after Armeria's HTTP/1 codec once it exists; true when done. */
    private static boolean placed(ChannelPipeline p) {
      for (Map.Entry<String, ChannelHandler> e : p) {
        ChannelHandler h = e.getValue();
        if (h instanceof HttpServerUpgradeHandler.SourceCodec) {
          if (p.get(RENAMER) == null) {
            p.addAfter(e.getKey(), RENAMER, RENAMER_INSTANCE);
          }
          return true;
        }
        if (h instanceof Http2ConnectionHandler) {
          return true;
        }
      }
      return false;
    }
  }

  /**
   * Renames {@code Expect: 100-continue} on decoded HTTP/1.1 request heads and marks those without
   * body framing.
   */
  @ChannelHandler.Sharable
  private static final class Renamer extends ChannelInboundHandlerAdapter {
    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      if (msg instanceof HttpRequest r) {
        r.headers().remove(HEADER);
        r.headers().remove(LENGTH_MISSING);
        if (!HttpUtil.isContentLengthSet(r) && !HttpUtil.isTransferEncodingChunked(r)) {
          r.headers().set(LENGTH_MISSING, "1");
        }
        List<String> expect = r.headers().getAll(HttpHeaderNames.EXPECT);
        // Other expectations stay for Armeria, which answers them 417 Expectation Failed.
        if (!expect.isEmpty() && r.protocolVersion().compareTo(HttpVersion.HTTP_1_1) >= 0
            && expect.stream().allMatch(v -> HttpHeaderValues.CONTINUE.contentEqualsIgnoreCase(v.strip()))) {
          r.headers().remove(HttpHeaderNames.EXPECT);
          r.headers().set(HEADER, HttpHeaderValues.CONTINUE);
        }
      }
      ctx.fireChannelRead(msg);
    }
  }
}
