package dev.estuary.dfs;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * What {@link Volume#readSmall} returns: a file's attributes, its extended attribute names, the
 * values of those asked for, and its whole content when it is small enough.
 *
 * <p>The arrays are the caller's own (fresh copies per call); nothing else holds them.
 *
 * @param attributes the file's attributes, taken through the handle the content was read with
 * @param xattrNames every extended attribute name of the file, sorted, as {@link
 *     Volume#listXattrs} lists them
 * @param xattrs the values of the attributes asked for that are set, by name
 * @param data the content from offset 0 up to the size in {@code attributes} (shorter only if the
 *     file was truncated meanwhile), or null when that size is larger than the limit asked for
 */
public record SmallRead(Attributes attributes, List<String> xattrNames, Map<String, byte[]> xattrs,
    byte @Nullable [] data) {
  /** Validates the components and makes the collections immutable. */
  public SmallRead {
    requireNonNull(attributes, "attributes");
    xattrNames = List.copyOf(xattrNames);
    xattrs = Map.copyOf(xattrs);
  }
}
