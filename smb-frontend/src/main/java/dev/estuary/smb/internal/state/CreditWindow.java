package dev.estuary.smb.internal.state;

import java.util.BitSet;

/**
 * The connection's CommandSequenceWindow ([MS-SMB2] 3.3.1.1, checked per 3.3.5.2.3): the MessageIds the
 * client may use, each exactly once. It starts as {0}; every granted credit adds the next id. A request
 * consumes {@code charge} consecutive ids starting at its MessageId; any of them outside the window, or
 * already used, means the client broke the protocol and the connection is dropped.
 *
 * <p>Ids below {@code low} are all used; {@code used} marks the ids in {@code [low, high)} consumed out of
 * order (Linux and Windows pipeline and complete out of order). Its size is bounded by the credit limit.
 */
public final class CreditWindow {
  private final int maxCredits;
  private long low;
  private long high = 1;
  private final BitSet used = new BitSet();
  private int usedCount;

  /**
   * A window starting at {0}.
   *
   * @param maxCredits the most ids the client may hold unused at once (Samba's "smb2 max credits")
   */
  public CreditWindow(int maxCredits) {
    if (maxCredits < 1 || maxCredits > 65_535) {
      throw new IllegalArgumentException("maxCredits: " + maxCredits + " (expected: 1..65535)");
    }
    this.maxCredits = maxCredits;
  }

  /**
   * Consumes the ids {@code [messageId, messageId + charge)}.
   *
   * @param messageId the request's MessageId
   * @param charge its CreditCharge (0 counts as 1, as 2.0.2 clients send it)
   * @return false if any id is outside the window or already used (nothing is consumed then)
   */
  public boolean consume(long messageId, int charge) {
    int n = Math.max(1, charge);
    if (messageId < low || messageId + n > high || messageId + n < messageId) {
      return false;
    }
    int from = (int) (messageId - low);
    if (used.nextSetBit(from) >= 0 && used.nextSetBit(from) < from + n) {
      return false;
    }
    used.set(from, from + n);
    usedCount += n;
    int shift = used.nextClearBit(0);
    if (shift > 0) {
      // Slide the window: everything below the first unused id is gone for good.
      BitSet rest = used.get(shift, Math.max(shift, used.length()));
      used.clear();
      used.or(rest);
      low += shift;
      usedCount -= shift;
    }
    return true;
  }

  /**
   * Grants credits for a response (3.3.1.2): what the client asked for, at least 1 while it holds none,
   * never beyond {@code maxCredits} outstanding.
   *
   * @param requested the request's CreditRequest
   * @return the CreditResponse to send
   */
  public int grant(int requested) {
    long outstanding = high - low - usedCount;
    long room = maxCredits - outstanding;
    int g = (int) Math.max(0, Math.min(Math.max(1, requested), room));
    if (g == 0 && outstanding == 0) {
      g = 1;
    }
    high += g;
    return g;
  }

  /**
   * How many ids the client may still use.
   *
   * @return the unused ids in the window
   */
  public long available() {
    return high - low - usedCount;
  }
}
