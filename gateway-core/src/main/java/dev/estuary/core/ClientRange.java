package dev.estuary.core;

import static java.util.Objects.requireNonNull;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.Arrays;

/**
 * A range of client addresses in CIDR notation, IPv4 or IPv6 ({@code 127.0.0.0/8}, {@code
 * 2001:db8::/32}, or one address such as {@code 10.1.2.3} meaning {@code /32} or {@code /128}).
 * Immutable; the text is kept in canonical form. An IPv4 range never matches an IPv6 client and
 * the other way round, except that an IPv4-mapped IPv6 address ({@code ::ffff:10.1.2.3}) is the
 * IPv4 client it carries (Java already presents it so).
 *
 * @param cidr the canonical text, network address and prefix length
 */
public record ClientRange(String cidr) {
  /** Validates and canonicalises the text. */
  public ClientRange {
    requireNonNull(cidr, "cidr");
    cidr = canonical(cidr);
  }

  /**
   * Parses a range.
   *
   * @param text e.g. {@code 192.168.0.0/16}, {@code ::1}, {@code 0.0.0.0/0}
   * @return the range
   * @throws IllegalArgumentException naming the text and the expected form
   */
  public static ClientRange parse(String text) {
    return new ClientRange(text);
  }

  /**
   * Returns the prefix length.
   *
   * @return 0-32 for IPv4, 0-128 for IPv6
   */
  public int prefix() {
    return Integer.parseInt(cidr.substring(cidr.indexOf('/') + 1));
  }

  /**
   * Returns whether an address lies in the range.
   *
   * @param client the client's address
   * @return true if its first {@link #prefix()} bits equal the network's
   */
  public boolean contains(InetAddress client) {
    byte[] net = network(cidr.substring(0, cidr.indexOf('/'))).getAddress();
    byte[] c = client.getAddress();
    if (c.length != net.length) {
      return false;
    }
    int bits = prefix();
    for (int i = 0; i < net.length && bits > 0; i++, bits -= 8) {
      int mask = bits >= 8 ? 0xff : (0xff << (8 - bits)) & 0xff;
      if ((c[i] & mask) != (net[i] & mask)) {
        return false;
      }
    }
    return true;
  }

  private static String canonical(String text) {
    String t = text.strip();
    int slash = t.indexOf('/');
    String addr = slash < 0 ? t : t.substring(0, slash);
    InetAddress a = network(addr);
    int max = a instanceof Inet4Address ? 32 : 128;
    int prefix = max;
    if (slash >= 0) {
      String p = t.substring(slash + 1);
      if (p.isEmpty() || p.length() > 3 || !p.chars().allMatch(Character::isDigit)
          || Integer.parseInt(p) > max) {
        throw expected(text);
      }
      prefix = Integer.parseInt(p);
    }
    byte[] b = a.getAddress();
    byte[] masked = Arrays.copyOf(b, b.length);
    int bits = prefix;
    for (int i = 0; i < masked.length; i++, bits -= 8) {
      int mask = bits >= 8 ? 0xff : bits <= 0 ? 0 : (0xff << (8 - bits)) & 0xff;
      masked[i] = (byte) (masked[i] & mask);
    }
    if (!Arrays.equals(b, masked)) {
      String net;
      try {
        net = InetAddress.getByAddress(masked).getHostAddress();
      } catch (java.net.UnknownHostException e) {
        throw new IllegalStateException(e);
      }
      throw new IllegalArgumentException("clients: '" + text + "' has bits set after the prefix"
          + " (expected: the network address, " + net + "/" + prefix + ")");
    }
    String host = a instanceof Inet4Address ? a.getHostAddress() : compressed(b);
    return host + "/" + prefix;
  }

  /** The RFC 5952 §4 text of an IPv6 address: lower case, the longest zero run as {@code ::}. */
  private static String compressed(byte[] b) {
    int[] groups = new int[8];
    for (int i = 0; i < 8; i++) {
      groups[i] = (b[2 * i] & 0xff) << 8 | (b[2 * i + 1] & 0xff);
    }
    int bestStart = -1;
    int bestLen = 1; // a single zero group is not shortened (§4.2.2)
    for (int i = 0; i < 8; ) {
      if (groups[i] != 0) {
        i++;
        continue;
      }
      int j = i;
      while (j < 8 && groups[j] == 0) {
        j++;
      }
      if (j - i > bestLen) { // the first of equally long runs wins (§4.2.3)
        bestStart = i;
        bestLen = j - i;
      }
      i = j;
    }
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < 8; i++) {
      if (i == bestStart) {
        sb.append("::");
        i += bestLen - 1;
        continue;
      }
      if (sb.length() > 0 && sb.charAt(sb.length() - 1) != ':') {
        sb.append(':');
      }
      sb.append(Integer.toHexString(groups[i]));
    }
    return sb.toString();
  }

  private static InetAddress network(String addr) {
    // Literals only: a range never depends on a name lookup.
    try {
      // IPv4 only in the four-part dotted form: Java also takes "10.1" for 10.0.0.1, which in a
      // range would be a surprise.
      if (addr.indexOf(':') < 0 ? !addr.matches("\\d{1,3}(\\.\\d{1,3}){3}")
          : !addr.matches("[0-9A-Fa-f:.]+")) {
        throw expected(addr);
      }
      return InetAddress.ofLiteral(addr);
    } catch (IllegalArgumentException e) {
      if (e.getMessage() != null && e.getMessage().startsWith("clients:")) {
        throw e;
      }
      throw expected(addr);
    }
  }

  private static IllegalArgumentException expected(String text) {
    return new IllegalArgumentException("clients: '" + text
        + "' (expected: an IPv4 or IPv6 address with an optional /prefix, e.g. 127.0.0.0/8 or"
        + " 2001:db8::/32)");
  }

  @Override
  public String toString() {
    return cidr;
  }
}
