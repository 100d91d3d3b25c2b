package dev.estuary.dataset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.estuary.dataset.proto.ScanRequest;
import dev.estuary.dataset.proto.ScanResponse;
import dev.estuary.dataset.proto.ScanSummary;
import dev.estuary.dfs.Attributes;
import dev.estuary.dfs.ObjectId;
import dev.estuary.dfs.Ownership;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Scan through a real grpc-java client: whole, root, prefix, suffixes, order, shards, limits. */
class ScanTest {
  @TempDir Path tmp;
  private DatasetFixture f;

  /** Files of the small tree, in the documented deterministic order. */
  private static final List<String> SMALL =
      List.of("a/1.jpg", "a/2.npz", "a/b/3.jpg", "a.txt", "c/d/e/4.jpg", "z.jpg");

  @BeforeEach
  void start() throws Exception {
    f = new DatasetFixture(tmp, Map.of());
    // Written out of order on purpose.
    for (String p : List.of("z.jpg", "c/d/e/4.jpg", "a.txt", "a/b/3.jpg", "a/2.npz", "a/1.jpg")) {
      f.write(p, 10 + p.length());
    }
    f.volume.mkdirs("empty/dir", 0755, Ownership.ROOT);
    f.volume.symlink(f.volume.root(), "link.jpg", "z.jpg", Ownership.ROOT);
  }

  @AfterEach
  void stop() throws Exception {
    f.close();
  }

  /** Runs a scan and returns its entries, checking the column shapes and the summary. */
  private Result scan(ScanRequest req) {
    Iterator<ScanResponse> it = f.blocking(f.aliceToken).scan(req);
    Result r = new Result();
    while (it.hasNext()) {
      ScanResponse m = it.next();
      r.messages++;
      assertThat(m.getSizesCount()).isEqualTo(m.getPathsCount());
      if (!req.getOmitObjectIds()) {
        assertThat(m.getObjectIds().size()).isEqualTo(16 * m.getPathsCount());
      } else {
        assertThat(m.getObjectIds().isEmpty()).isTrue();
      }
      ByteBuffer ids = m.getObjectIds().asReadOnlyByteBuffer();
      for (int i = 0; i < m.getPathsCount(); i++) {
        r.paths.add(m.getPaths(i));
        r.sizes.add(m.getSizes(i));
        if (!req.getOmitObjectIds()) {
          r.ids.add(new ObjectId(ids.getLong(), ids.getLong()));
        }
      }
      if (m.hasSummary()) {
        assertThat(it.hasNext()).as("summary only on the last message").isFalse();
        r.summary = m.getSummary();
      }
    }
    assertThat(r.summary).as("summary").isNotNull();
    assertThat(r.summary.getFiles()).isEqualTo(r.paths.size());
    return r;
  }

  private static final class Result {
    final List<String> paths = new ArrayList<>();
    final List<Long> sizes = new ArrayList<>();
    final List<ObjectId> ids = new ArrayList<>();
    ScanSummary summary;
    int messages;
  }

  private static ScanRequest.Builder req() {
    return ScanRequest.newBuilder().setVolume(DatasetFixture.VOLUME);
  }

  @Test
  void wholeVolumeReturnsEveryFileWithSizeAndObjectId() {
    Result r = scan(req().build());
    assertThat(r.paths).containsExactlyInAnyOrderElementsOf(SMALL);
    for (int i = 0; i < r.paths.size(); i++) {
      Attributes a = f.volume.resolve(r.paths.get(i), false);
      assertThat(r.sizes.get(i)).isEqualTo(a.size());
      assertThat(r.ids.get(i)).isEqualTo(a.id());
    }
    assertThat(r.summary.getTotalFiles()).isEqualTo(6);
    assertThat(r.summary.getSkipped()).as("the symlink").isEqualTo(1);
    assertThat(r.summary.getDirectories()).as("root, a, a/b, c, c/d, c/d/e, empty, empty/dir")
        .isEqualTo(8);
    assertThat(r.summary.getBytes()).isEqualTo(r.sizes.stream().mapToLong(Long::longValue).sum());
  }

  @Test
  void deterministicOrderIsDepthFirstByName() {
    Result r = scan(req().setDeterministic(true).build());
    assertThat(r.paths).containsExactlyElementsOf(SMALL);
    assertThat(sortedByComponents(r.paths)).containsExactlyElementsOf(r.paths);
  }

  @Test
  void rootPrefixAndSuffixes() {
    assertThat(scan(req().setRoot("/a/").setDeterministic(true).build()).paths)
        .containsExactly("1.jpg", "2.npz", "b/3.jpg");
    assertThat(scan(req().setPrefix("a/b").build()).paths).containsExactly("a/b/3.jpg");
    // A trailing slash keeps "a/" from matching "a.txt".
    assertThat(scan(req().setPrefix("a/").setDeterministic(true).build()).paths)
        .containsExactly("a/1.jpg", "a/2.npz", "a/b/3.jpg");
    assertThat(scan(req().setPrefix("a").setDeterministic(true).build()).paths)
        .containsExactly("a/1.jpg", "a/2.npz", "a/b/3.jpg", "a.txt");
    assertThat(scan(req().addSuffixes(".jpg").setDeterministic(true).build()).paths)
        .containsExactly("a/1.jpg", "a/b/3.jpg", "c/d/e/4.jpg", "z.jpg");
    assertThat(scan(req().addSuffixes(".npz").addSuffixes(".txt").build()).paths)
        .containsExactlyInAnyOrder("a/2.npz", "a.txt");
    Result none = scan(req().setRoot("empty").build());
    assertThat(none.paths).isEmpty();
    assertThat(none.messages).isEqualTo(1);
  }

  @Test
  void largerTreeInSmallBatchesOrderedAndShardedForWorldTwo() {
    List<String> all = new ArrayList<>(SMALL);
    for (int d = 0; d < 12; d++) {
      for (int i = 0; i < 25; i++) {
        String p = "t/d" + d + "/s" + (i % 3) + "/f" + i + ".bin";
        f.write(p, i);
        all.add(p);
      }
    }
    List<String> expected = sortedByComponents(all);
    Result ordered = scan(req().setDeterministic(true).setBatchSize(7).build());
    assertThat(ordered.paths).containsExactlyElementsOf(expected);
    assertThat(ordered.messages).isGreaterThanOrEqualTo(expected.size() / 7);
    assertThat(scan(req().setDeterministic(true).setBatchSize(7).build()).paths)
        .as("the same order again").containsExactlyElementsOf(expected);
    Result unordered = scan(req().setBatchSize(50).setOmitObjectIds(true).build());
    assertThat(unordered.paths).containsExactlyInAnyOrderElementsOf(expected);

    Result r0 = scan(req().setShardRank(0).setShardWorld(2).setBatchSize(11).build());
    Result r1 = scan(req().setShardRank(1).setShardWorld(2).setBatchSize(11).build());
    Set<String> s0 = new HashSet<>(r0.paths);
    assertThat(s0).doesNotContainAnyElementsOf(r1.paths);
    List<String> union = new ArrayList<>(r0.paths);
    union.addAll(r1.paths);
    assertThat(union).containsExactlyInAnyOrderElementsOf(expected);
    assertThat(Math.abs(r0.paths.size() - r1.paths.size())).isLessThanOrEqualTo(1);
    List<String> even = new ArrayList<>();
    for (int i = 0; i < expected.size(); i += 2) {
      even.add(expected.get(i));
    }
    assertThat(r0.paths).as("rank 0 = even indices of the deterministic order").containsExactlyElementsOf(even);
    assertThat(r0.summary.getTotalFiles()).isEqualTo(expected.size());
  }

  @Test
  void aDirectoryLargerThanOneReaddirPageIsListedWhole() {
    Attributes big = f.volume.mkdirs("big", 0755, Ownership.ROOT);
    List<String> names = new ArrayList<>();
    for (int i = 0; i < 4500; i++) {
      String n = "n" + i;
      f.volume.create(big.id(), n, 0644, Ownership.ROOT, true);
      names.add("big/" + n);
    }
    Result r = scan(req().setRoot("").setPrefix("big/").setDeterministic(true).setBatchSize(1000).build());
    assertThat(r.paths).containsExactlyElementsOf(sortedByComponents(names));
    assertThat(scan(req().setPrefix("big/").build()).paths).hasSize(4500);
  }

  @Test
  void badScansAreRefused() {
    assertCode(req().setRoot("nope"), Status.Code.NOT_FOUND, "nope");
    assertCode(req().setRoot("z.jpg"), Status.Code.INVALID_ARGUMENT, "expected: a directory");
    assertCode(req().setShardWorld(2).setShardRank(2), Status.Code.INVALID_ARGUMENT, "shard_rank");
    assertCode(req().setBatchSize(1_000_000), Status.Code.RESOURCE_EXHAUSTED, "batch_size");
    ScanRequest.Builder many = req();
    for (int i = 0; i < 65; i++) {
      many.addSuffixes(".x" + i);
    }
    assertCode(many, Status.Code.RESOURCE_EXHAUSTED, "suffixes");
    assertCode(req().setVolume("nosuchvolume"), Status.Code.PERMISSION_DENIED, "nosuchvolume");
  }

  private void assertCode(ScanRequest.Builder b, Status.Code code, String message) {
    assertThatThrownBy(() -> scan(b.build()))
        .isInstanceOfSatisfying(StatusRuntimeException.class, e -> {
          assertThat(e.getStatus().getCode()).isEqualTo(code);
          assertThat(e.getStatus().getDescription()).contains(message);
        });
  }

  /** The documented order: sorted by the list of path components, compared as UTF-8 bytes. */
  static List<String> sortedByComponents(List<String> paths) {
    Comparator<String> byBytes = (a, b) -> Arrays.compareUnsigned(
        a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
    return paths.stream().sorted((x, y) -> {
      String[] a = x.split("/");
      String[] b = y.split("/");
      for (int i = 0; i < Math.min(a.length, b.length); i++) {
        int c = byBytes.compare(a[i], b[i]);
        if (c != 0) {
          return c;
        }
      }
      return Integer.compare(a.length, b.length);
    }).toList();
  }
}
