package dev.estuary.dfs.remote.internal;

import dev.estuary.dfs.DfsException;
import dev.estuary.dfs.ErrorKind;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.jspecify.annotations.Nullable;

/**
 * The descriptor socket's protocol: how a client on the same host gets an open file's data-file
 * descriptor ({@code SCM_RIGHTS}) and brackets the writes it makes to it, so file bytes do not go
 * through gRPC. It runs on a second unix socket next to the gRPC one ({@link #socketFor}, mode
 * 0660 like it, so the same group may connect), in fixed-size little-endian frames:
 *
 * <pre>
 * request  (40 bytes): int magic, int op, long client, long handle, long position, long length
 * response (24 bytes): int status, int message length, long value, long 0; then the message
 * </pre>
 *
 * <p>The client and handle are the gRPC lease id and the handle reference from {@code Files.Open};
 * the server refuses a handle the client does not own ({@link ErrorKind#STALE}), so a reference
 * seen elsewhere gives nothing. {@link #GRANT} answers {@link #OK} with the descriptor attached to
 * the response (read-write for a handle that may write, read-only otherwise), or {@link #ABSENT}
 * with the size when the bytes are not in a local file now (the engine's inline data);
 * {@link #BEGIN_WRITE} and {@link #END_WRITE} are {@code LocalData.beginWrite/endWrite} of that
 * handle; {@link #WATCH} is answered once and then held open: its end tells the client the server
 * is gone, and with it every descriptor's right to be used. An {@link #ERROR}'s message is {@code
 * KIND\nmessage} (the {@link ErrorKind} by name, so it survives version skew).
 *
 * <p>{@link #CALL} carries the short metadata reads that a frontend request makes several of
 * (opening a volume, getAttributes, lookup, readSmall), so they do not pay for gRPC: measured on
 * this machine, a gRPC unary call with nothing behind it costs about three times the round trip
 * of a bare unix socket (bench/README.md, "Node mode"). Its request's handle field is the method
 * ({@link #GET_ATTRIBUTES}, {@link #LOOKUP}, {@link #READ_SMALL}, {@link #OPEN_VOLUME}) and its
 * length field the size of the method's protobuf request (the same message as the gRPC method's,
 * at most {@link #MAX_CALL_REQUEST} bytes), which follows the frame; an {@link #OK} answer's value
 * is the size of the protobuf reply that follows it (at most {@link #MAX_CALL_REPLY} bytes; a
 * larger one is answered {@link #ABSENT} and asked over gRPC), an {@link #ERROR} is as above with
 * the server's message unchanged. The server runs the gRPC method's own code, so both paths
 * answer alike.
 */
public final class DescriptorProtocol {
  /** "ESFD", first in every request; anything else ends the connection. */
  public static final int MAGIC = 0x44465345;
  /** Request size. */
  public static final int REQUEST = 40;
  /** Response header size. */
  public static final int RESPONSE = 24;
  /** Longest error message sent; longer ones are cut. */
  public static final int MAX_MESSAGE = 4096;

  /** Op: the handle's data-file descriptor. */
  public static final int GRANT = 1;
  /** Op: {@code LocalData.beginWrite(position, length)}. */
  public static final int BEGIN_WRITE = 2;
  /** Op: {@code LocalData.endWrite(position, length)}. */
  public static final int END_WRITE = 3;
  /** Op: hold the connection open as the server's liveness signal. */
  public static final int WATCH = 4;
  /** Op: a metadata read; the handle field names the method (see the class comment). */
  public static final int CALL = 5;

  /** {@link #CALL} method: {@code Namespace.GetAttributes}. */
  public static final int GET_ATTRIBUTES = 1;
  /** {@link #CALL} method: {@code Namespace.Lookup}. */
  public static final int LOOKUP = 2;
  /** {@link #CALL} method: {@code SmallReads.ReadSmall}. */
  public static final int READ_SMALL = 3;
  /** {@link #CALL} method: {@code Backend.OpenVolume}. */
  public static final int OPEN_VOLUME = 4;
  /** Largest {@link #CALL} request (names and xattr names are far shorter). */
  public static final int MAX_CALL_REQUEST = 64 * 1024;
  /** Largest {@link #CALL} reply: a small read's content and attributes, with room to spare. */
  public static final int MAX_CALL_REPLY = 4 << 20;

  /** Status: done (for {@link #GRANT}: the descriptor is attached). */
  public static final int OK = 0;
  /** Status: no local file now; value is the size. */
  public static final int ABSENT = 1;
  /** Status: refused; the message says why. */
  public static final int ERROR = 2;

  private DescriptorProtocol() {}

  /**
   * Returns the descriptor socket of a gRPC unix socket: the same path with {@code .fd} appended,
   * so a directory bind-mounted into a container carries both.
   *
   * @param grpcSocket the gRPC socket
   * @return the descriptor socket
   */
  public static Path socketFor(Path grpcSocket) {
    return grpcSocket.resolveSibling(grpcSocket.getFileName() + ".fd");
  }

  /**
   * Encodes a request.
   *
   * @param op the operation
   * @param client the lease id
   * @param handle the handle reference
   * @param position the position (writes)
   * @param length the length (writes)
   * @return the frame
   */
  public static byte[] request(int op, long client, long handle, long position, long length) {
    return ByteBuffer.allocate(REQUEST).order(ByteOrder.LITTLE_ENDIAN).putInt(MAGIC).putInt(op)
        .putLong(client).putLong(handle).putLong(position).putLong(length).array();
  }

  /**
   * Encodes a response.
   *
   * @param status the status
   * @param value the value
   * @param message the message ({@link #ERROR}), or empty
   * @return the frame, header and message
   */
  public static byte[] response(int status, long value, String message) {
    byte[] m = message.getBytes(StandardCharsets.UTF_8);
    int n = Math.min(m.length, MAX_MESSAGE);
    ByteBuffer b = ByteBuffer.allocate(RESPONSE + n).order(ByteOrder.LITTLE_ENDIAN)
        .putInt(status).putInt(n).putLong(value).putLong(0);
    b.put(m, 0, n);
    return b.array();
  }

  /**
   * Encodes the {@link #OK} answer to a {@link #CALL}: the header, its value the reply's size, then
   * the reply.
   *
   * @param reply the method's reply message
   * @return the frame
   */
  public static byte[] withPayload(byte[] reply) {
    return ByteBuffer.allocate(RESPONSE + reply.length).order(ByteOrder.LITTLE_ENDIAN)
        .putInt(OK).putInt(0).putLong(reply.length).putLong(0).put(reply).array();
  }

  /**
   * Encodes an error response for an exception.
   *
   * @param e the failure
   * @return the frame
   */
  public static byte[] error(DfsException e) {
    return response(ERROR, 0, e.kind().name() + "\n" + e.getMessage());
  }

  /**
   * Decodes an error message into the exception it stands for.
   *
   * @param message {@code KIND\nmessage}
   * @param where the server, added to the message; null for the message as the server wrote it
   *     (a {@link #CALL}'s error, as gRPC reports it)
   * @return the exception
   */
  public static DfsException decodeError(String message, @Nullable String where) {
    int nl = message.indexOf('\n');
    ErrorKind kind = ErrorKind.IO_ERROR;
    if (nl > 0) {
      try {
        kind = ErrorKind.valueOf(message.substring(0, nl));
      } catch (IllegalArgumentException e) {
        // A kind this client does not know: keep IO_ERROR and the whole text.
      }
    }
    String text = message.substring(nl + 1);
    return new DfsException(kind, where == null ? text : text + " (remote backend " + where + ")");
  }

  /**
   * Reads a little-endian int.
   *
   * @param frame the bytes
   * @param at the offset
   * @return the value
   */
  public static int intAt(byte[] frame, int at) {
    return ByteBuffer.wrap(frame).order(ByteOrder.LITTLE_ENDIAN).getInt(at);
  }

  /**
   * Reads a little-endian long.
   *
   * @param frame the bytes
   * @param at the offset
   * @return the value
   */
  public static long longAt(byte[] frame, int at) {
    return ByteBuffer.wrap(frame).order(ByteOrder.LITTLE_ENDIAN).getLong(at);
  }
}
