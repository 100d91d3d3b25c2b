package dev.estuary.core;

import static java.util.Objects.requireNonNull;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;

/**
 * A Windows security identifier (MS-DTYP §2.4.2): revision 1, a 48-bit identifier authority and
 * up to 15 32-bit sub-authorities. Immutable; parses and formats the string form (§2.4.2.1, {@code
 * S-1-5-21-x-y-z}) and the binary form SMB carries in security descriptors and token groups
 * (§2.4.2.2: revision byte, sub-authority count byte, the authority as 6 big-endian bytes, then each
 * sub-authority as 4 little-endian bytes).
 *
 * @param authority the identifier authority, 0 to 2<sup>48</sup>-1 (5 is NT_AUTHORITY)
 * @param subAuthorities the sub-authorities, each 0 to 2<sup>32</sup>-1, at most 15
 */
public record Sid(long authority, List<Long> subAuthorities) {
  /** The largest number of sub-authorities a SID may have (MS-DTYP §2.4.2.2). */
  public static final int MAX_SUB_AUTHORITIES = 15;

  /** The only SID revision there is. */
  public static final int REVISION = 1;

  private static final long MAX_AUTHORITY = (1L << 48) - 1;

  /** Validates and copies the components. */
  public Sid {
    if (authority < 0 || authority > MAX_AUTHORITY) {
      throw new IllegalArgumentException(
          "SID authority: " + authority + " (expected: 0 to 2^48-1)");
    }
    subAuthorities = List.copyOf(requireNonNull(subAuthorities, "subAuthorities"));
    if (subAuthorities.size() > MAX_SUB_AUTHORITIES) {
      throw new IllegalArgumentException("SID: " + subAuthorities.size()
          + " sub-authorities (expected: at most " + MAX_SUB_AUTHORITIES + ")");
    }
    for (long s : subAuthorities) {
      if (s < 0 || s > 0xFFFF_FFFFL) {
        throw new IllegalArgumentException("SID sub-authority: " + s + " (expected: 0 to 2^32-1)");
      }
    }
  }

  /**
   * Creates a SID.
   *
   * @param authority the identifier authority
   * @param subAuthorities the sub-authorities
   * @return the SID
   */
  public static Sid of(long authority, long... subAuthorities) {
    List<Long> subs = new ArrayList<>(subAuthorities.length);
    for (long s : subAuthorities) {
      subs.add(s);
    }
    return new Sid(authority, subs);
  }

  /**
   * Generates a machine domain SID as Samba and Windows do at installation: {@code S-1-5-21-x-y-z}
   * with three random 32-bit sub-authorities.
   *
   * @param random the source of randomness
   * @return a new domain SID
   */
  public static Sid randomDomain(SecureRandom random) {
    return of(5, 21, Integer.toUnsignedLong(random.nextInt()),
        Integer.toUnsignedLong(random.nextInt()), Integer.toUnsignedLong(random.nextInt()));
  }

  /**
   * Parses the string form {@code S-1-<authority>-<sub>...} (MS-DTYP §2.4.2.1): the authority in
   * decimal, or in hexadecimal with {@code 0x} when it is 2<sup>32</sup> or more.
   *
   * @param text e.g. {@code S-1-5-21-1004336348-1177238915-682003330-3000}
   * @return the SID
   * @throws IllegalArgumentException naming the text and the expected form
   */
  public static Sid parse(String text) {
    String[] parts = text.split("-", -1);
    if (parts.length < 3 || !parts[0].equalsIgnoreCase("S") || !parts[1].equals("1")) {
      throw bad(text);
    }
    try {
      String a = parts[2];
      long authority = a.regionMatches(true, 0, "0x", 0, 2)
          ? Long.parseLong(a.substring(2), 16) : Long.parseLong(a);
      List<Long> subs = new ArrayList<>();
      for (int i = 3; i < parts.length; i++) {
        if (parts[i].isEmpty() || !parts[i].chars().allMatch(Character::isDigit)) {
          throw bad(text);
        }
        subs.add(Long.parseLong(parts[i]));
      }
      return new Sid(authority, subs);
    } catch (NumberFormatException e) {
      throw bad(text);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("SID: '" + text + "': " + e.getMessage(), e);
    }
  }

  private static IllegalArgumentException bad(String text) {
    return new IllegalArgumentException(
        "SID: '" + text + "' (expected: S-1-<authority>-<sub-authority>..., e.g. S-1-5-21-1-2-3)");
  }

  /**
   * Returns the length of the binary form.
   *
   * @return 8 + 4 per sub-authority
   */
  public int binaryLength() {
    return 8 + 4 * subAuthorities.size();
  }

  /**
   * Encodes the binary form (MS-DTYP §2.4.2.2).
   *
   * @return {@link #binaryLength()} bytes
   */
  public byte[] toBytes() {
    byte[] b = new byte[binaryLength()];
    write(b, 0);
    return b;
  }

  /**
   * Writes the binary form into a buffer.
   *
   * @param dst the buffer
   * @param offset where to start
   * @return the offset after the SID
   * @throws IndexOutOfBoundsException if the buffer is too small
   */
  public int write(byte[] dst, int offset) {
    java.util.Objects.checkFromIndexSize(offset, binaryLength(), dst.length);
    dst[offset] = REVISION;
    dst[offset + 1] = (byte) subAuthorities.size();
    for (int i = 0; i < 6; i++) {
      dst[offset + 2 + i] = (byte) (authority >>> (8 * (5 - i)));
    }
    int p = offset + 8;
    for (long s : subAuthorities) {
      dst[p] = (byte) s;
      dst[p + 1] = (byte) (s >>> 8);
      dst[p + 2] = (byte) (s >>> 16);
      dst[p + 3] = (byte) (s >>> 24);
      p += 4;
    }
    return p;
  }

  /**
   * Decodes the binary form at an offset, checking every length against the bytes available before
   * reading.
   *
   * @param src the bytes
   * @param offset where the SID starts
   * @param limit the end of the bytes the SID may use (exclusive)
   * @return the SID; {@link #binaryLength()} says how many bytes it took
   * @throws IllegalArgumentException if the revision is not 1, the count is above 15 or the bytes
   *     end early
   */
  public static Sid read(byte[] src, int offset, int limit) {
    if (offset < 0 || limit > src.length || offset > limit || limit - offset < 8) {
      throw new IllegalArgumentException("SID: " + Math.max(0, limit - offset)
          + " bytes (expected: at least 8)");
    }
    int revision = src[offset] & 0xff;
    int count = src[offset + 1] & 0xff;
    if (revision != REVISION) {
      throw new IllegalArgumentException("SID revision: " + revision + " (expected: 1)");
    }
    if (count > MAX_SUB_AUTHORITIES) {
      throw new IllegalArgumentException(
          "SID sub-authority count: " + count + " (expected: at most 15)");
    }
    if (limit - offset < 8 + 4 * count) {
      throw new IllegalArgumentException("SID: " + (limit - offset) + " bytes for " + count
          + " sub-authorities (expected: " + (8 + 4 * count) + ")");
    }
    long authority = 0;
    for (int i = 0; i < 6; i++) {
      authority = (authority << 8) | (src[offset + 2 + i] & 0xff);
    }
    List<Long> subs = new ArrayList<>(count);
    int p = offset + 8;
    for (int i = 0; i < count; i++, p += 4) {
      subs.add((src[p] & 0xffL) | (src[p + 1] & 0xffL) << 8 | (src[p + 2] & 0xffL) << 16
          | (src[p + 3] & 0xffL) << 24);
    }
    return new Sid(authority, subs);
  }

  /**
   * Decodes a whole array holding exactly one SID.
   *
   * @param src the bytes
   * @return the SID
   * @throws IllegalArgumentException if the bytes are not exactly one SID
   */
  public static Sid fromBytes(byte[] src) {
    Sid s = read(src, 0, src.length);
    if (s.binaryLength() != src.length) {
      throw new IllegalArgumentException("SID: " + src.length + " bytes (expected: "
          + s.binaryLength() + " for " + s.subAuthorities.size() + " sub-authorities)");
    }
    return s;
  }

  /**
   * Returns this SID with one more sub-authority, as a domain SID plus a RID.
   *
   * @param rid the relative identifier
   * @return the longer SID
   */
  public Sid append(long rid) {
    List<Long> subs = new ArrayList<>(subAuthorities);
    subs.add(rid);
    return new Sid(authority, subs);
  }

  /**
   * Returns whether this SID is {@code domain} plus exactly one RID.
   *
   * @param domain a domain SID
   * @return true if this SID lies directly in the domain
   */
  public boolean isIn(Sid domain) {
    return authority == domain.authority
        && subAuthorities.size() == domain.subAuthorities.size() + 1
        && subAuthorities.subList(0, domain.subAuthorities.size()).equals(domain.subAuthorities);
  }

  /**
   * Returns the last sub-authority: the RID of a SID in a domain.
   *
   * @return the RID
   * @throws IllegalStateException if the SID has no sub-authority
   */
  public long rid() {
    if (subAuthorities.isEmpty()) {
      throw new IllegalStateException("SID " + this + " has no RID");
    }
    return subAuthorities.getLast();
  }

  /** Returns the string form, e.g. {@code S-1-5-21-1-2-3}. */
  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder("S-1-");
    sb.append(authority >= (1L << 32) ? String.format("0x%012X", authority) : Long.toString(authority));
    for (long s : subAuthorities) {
      sb.append('-').append(s);
    }
    return sb.toString();
  }
}
