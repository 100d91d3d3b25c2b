package dev.estuary.s3.internal.ops;

import static org.assertj.core.api.Assertions.assertThat;

import dev.estuary.dfs.Dfs;
import dev.estuary.dfs.DfsProvider;
import dev.estuary.dfs.FileHandle;
import dev.estuary.dfs.OpenMode;
import dev.estuary.dfs.Ownership;
import dev.estuary.dfs.RenameMode;
import dev.estuary.dfs.Volume;
import dev.estuary.dfs.engine.EngineProvider;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The listing walker against a brute-force model: random keys over a small alphabet chosen to
 * straddle '/' in byte order ("-", ".", "0", "a", "é", U+FF21), laid out as real directories in an
 * engine volume; every combination of prefix, delimiter, resume point and page size must give
 * exactly the model's items, page after page.
 */
class ListingModelTest {
  @TempDir static Path tmp;
  static Dfs dfs;
  static Volume volume;
  static final TreeSet<String> KEYS = new TreeSet<>(Utf8Order.COMPARATOR);

  @BeforeAll
  static void fill() {
    dfs = new EngineProvider().open(new DfsProvider.Context(tmp, Clock.systemUTC(),
        new SimpleMeterRegistry(), Map.of()));
    dfs.createVolume("model", 0755, Ownership.ROOT);
    volume = dfs.volume("model");
    String[] alphabet = {"-", ".", "0", "a", "b", "\u00e9", "\uFF21"};
    Random r = new Random(42);
    List<String> candidates = new ArrayList<>();
    for (int i = 0; i < 400; i++) {
      int depth = 1 + r.nextInt(3);
      StringBuilder k = new StringBuilder();
      for (int d = 0; d < depth; d++) {
        if (d > 0) {
          k.append('/');
        }
        int len = 1 + r.nextInt(2);
        for (int c = 0; c < len; c++) {
          k.append(alphabet[r.nextInt(alphabet.length)]);
        }
      }
      candidates.add(k.toString());
    }
    for (String k : candidates) {
      if (java.util.Arrays.stream(k.split("/")).anyMatch(x -> x.equals(".") || x.equals(".."))) {
        continue;
      }
      // An object cannot also be a prefix: skip keys that conflict with ones already placed.
      boolean conflict = KEYS.stream().anyMatch(e -> e.startsWith(k + "/") || k.startsWith(e + "/")
          || e.equals(k));
      if (conflict) {
        continue;
      }
      KeyPath p = KeyPath.parse(k);
      var parent = volume.mkdirs(p.parentPath(), 0755, Ownership.ROOT);
      var a = volume.createUnlinked(0644, Ownership.ROOT);
      try (FileHandle h = volume.open(a.id(), OpenMode.WRITE)) {
        h.write(0, ByteBuffer.wrap(k.getBytes(StandardCharsets.UTF_8)));
        volume.link(a.id(), parent.id(), p.name(), RenameMode.NO_REPLACE);
      }
      KEYS.add(k);
    }
    assertThat(KEYS).hasSizeGreaterThan(150);
  }

  @AfterAll
  static void close() {
    dfs.close();
  }

  /** The model: S3's listing of {@link #KEYS} computed from the sorted key set. */
  static List<String> model(String prefix, String delimiter, String after) {
    List<String> out = new ArrayList<>();
    String lastCp = null;
    for (String k : KEYS) {
      if (!k.startsWith(prefix)) {
        continue;
      }
      String item = k;
      boolean isCp = false;
      if (delimiter != null) {
        int i = k.indexOf(delimiter, prefix.length());
        if (i >= 0) {
          item = k.substring(0, i + delimiter.length());
          isCp = true;
        }
      }
      if (isCp) {
        if (item.equals(lastCp) || Utf8Order.compare(k, after) <= 0) {
          continue;
        }
        lastCp = item;
        out.add("P:" + item);
      } else if (Utf8Order.compare(k, after) > 0) {
        out.add("K:" + item);
      }
    }
    return out;
  }

  static List<String> walk(String prefix, String delimiter, String after, int pageSize) {
    List<String> out = new ArrayList<>();
    String resume = after;
    boolean resumeIsPrefix = false;
    for (int guard = 0; guard < 10_000; guard++) {
      Listing.Page p = Listing.page(volume, prefix, delimiter, resume, resumeIsPrefix, pageSize);
      p.entries().forEach(e -> out.add("K:" + e.key()));
      // Interleave as S3 order would: the page's items are contiguous, so sort this page's part.
      List<String> page = new ArrayList<>();
      p.entries().forEach(e -> page.add("K:" + e.key()));
      p.prefixes().forEach(c -> page.add("P:" + c));
      out.subList(out.size() - p.entries().size(), out.size()).clear();
      page.sort((x, y) -> Utf8Order.compare(x.substring(2), y.substring(2)));
      out.addAll(page);
      if (!p.truncated()) {
        return out;
      }
      assertThat(page).hasSize(pageSize);
      String[] t = Listing.untoken(Listing.token(p.last()));
      resume = t[0];
      resumeIsPrefix = t[1].equals("p");
    }
    throw new AssertionError("no end");
  }

  @Test
  void everyCombinationMatchesTheModel() {
    List<String> prefixes = List.of("", "a", "a/", "a-", "\u00e9", "b/a", "0.", "zz");
    List<String> delimiters = new ArrayList<>(List.of("/", "-", "a/", "."));
    delimiters.add(null);
    List<String> afters = List.of("", "a", "a/", "a.", "b/0", "\uFF21");
    int combos = 0;
    for (String prefix : prefixes) {
      for (String delimiter : delimiters) {
        for (String after : afters) {
          List<String> want = model(prefix, delimiter, after);
          for (int page : new int[] {1, 3, 1000}) {
            assertThat(walk(prefix, delimiter, after, page))
                .as("prefix=%s delimiter=%s after=%s page=%d", prefix, delimiter, after, page)
                .containsExactlyElementsOf(want);
            combos++;
          }
        }
      }
    }
    assertThat(combos).isEqualTo(8 * 5 * 6 * 3);
  }
}
