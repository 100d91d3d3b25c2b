package dev.estuary.s3.testing;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;

/**
 * Computes what an S3 listing must return from the full set of keys, independently of any server
 * or file system: keys in UTF-8 byte order (not Java's UTF-16 order), filtered by prefix and
 * start-after, rolled up into common prefixes at the first delimiter after the prefix.
 */
public final class ExpectedListing {
  /** UTF-8 byte order, the order S3 lists keys in. */
  public static final Comparator<String> S3_ORDER = (a, b) -> Arrays.compareUnsigned(
      a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));

  private ExpectedListing() {}

  /**
   * One listed item.
   *
   * @param value a key, or a common prefix
   * @param commonPrefix whether it is a common prefix
   */
  public record Item(String value, boolean commonPrefix) {
    /**
     * A key.
     *
     * @param k the key
     * @return the item
     */
    public static Item key(String k) {
      return new Item(k, false);
    }

    /**
     * A common prefix.
     *
     * @param p the prefix
     * @return the item
     */
    public static Item prefix(String p) {
      return new Item(p, true);
    }

    @Override
    public String toString() {
      return commonPrefix ? "CP(" + value + ")" : value;
    }
  }

  /**
   * The complete listing (all pages together), in order.
   *
   * @param keys every key in the bucket
   * @param prefix the prefix ("" for none)
   * @param delimiter the delimiter ("" for none)
   * @param startAfter list only keys after this ("" for none)
   * @return the items
   */
  public static List<Item> of(Collection<String> keys, String prefix, String delimiter,
      String startAfter) {
    List<String> sorted = new ArrayList<>(keys);
    sorted.sort(S3_ORDER);
    List<Item> out = new ArrayList<>();
    String lastPrefix = null;
    for (String k : sorted) {
      if (!k.startsWith(prefix) || (!startAfter.isEmpty() && S3_ORDER.compare(k, startAfter) <= 0)) {
        continue;
      }
      int d = delimiter.isEmpty() ? -1 : k.indexOf(delimiter, prefix.length());
      if (d < 0) {
        out.add(Item.key(k));
      } else {
        String cp = k.substring(0, d + delimiter.length());
        if (!cp.equals(lastPrefix)) {
          out.add(Item.prefix(cp));
          lastPrefix = cp;
        }
      }
    }
    return out;
  }
}
