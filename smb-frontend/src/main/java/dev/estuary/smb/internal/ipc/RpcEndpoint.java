package dev.estuary.smb.internal.ipc;

import dev.estuary.smb.internal.codec.Bytes;
import dev.estuary.smb.internal.rpc.RpcDecodeException;
import dev.estuary.smb.internal.rpc.SyntaxId;

/** One DCE/RPC interface served on a named pipe. */
public interface RpcEndpoint {
  /** @return the interface's abstract syntax (UUID and version) */
  SyntaxId syntax();

  /** @return the pipe's name as the BIND_ACK's secondary address gives it ({@code \PIPE\srvsvc}) */
  String secondaryAddress();

  /**
   * Runs one call.
   *
   * @param opnum the operation number
   * @param stub the request's NDR stub data
   * @return the response's NDR stub data
   * @throws RpcDecodeException for stub data that does not decode or an opnum outside the interface; its
   *     fault status is answered in a FAULT PDU
   */
  Bytes call(int opnum, Bytes stub) throws RpcDecodeException;
}
