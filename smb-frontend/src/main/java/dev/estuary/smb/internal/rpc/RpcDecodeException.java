package dev.estuary.smb.internal.rpc;

/**
 * A call or PDU that faults: malformed DCE/RPC or NDR input, an operation number outside the interface, a
 * union level the IDL has no arm for. Carries the fault status to answer with ([C706] appendix E,
 * [MS-RPCE] 2.2.2.11), so the pipe can tell the client what was wrong instead of going silent.
 */
public final class RpcDecodeException extends Exception {
  private static final long serialVersionUID = 1L;

  /** The fault status to answer ({@link RpcPdu#NCA_S_PROTO_ERROR} or {@link RpcPdu#NCA_S_FAULT_NDR}). */
  private final int faultStatus;

  /**
   * An exception.
   *
   * @param faultStatus the fault status to answer
   * @param message what was wrong, naming the field and what was expected
   */
  public RpcDecodeException(int faultStatus, String message) {
    super(message);
    this.faultStatus = faultStatus;
  }

  /** @return the fault status to answer */
  public int faultStatus() {
    return faultStatus;
  }
}
