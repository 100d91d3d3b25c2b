package dev.estuary.s3.sdk;

import static org.assertj.core.api.Assertions.assertThat;

import dev.estuary.s3.testing.ExpectedListing;
import dev.estuary.s3.testing.ExpectedListing.Item;
import dev.estuary.s3.testing.RawS3;
import dev.estuary.s3.testing.S3TestServer;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.model.ListObjectsResponse;

/**
 * ListObjects (version 1): marker paging. S3 returns NextMarker only when a delimiter is given;
 * otherwise the client continues from the last key of the page (S3 API reference, ListObjects).
 */
class ListObjectsTest {
  @RegisterExtension static final S3TestServer S3 = new S3TestServer();

  static String bucket;

  @BeforeAll
  static void fill() {
    bucket = S3.createBucket("list1");
    for (String k : ListObjectsV2Test.KEYS) {
      S3.client().putObject(b -> b.bucket(bucket).key(k), RequestBody.fromString(k));
    }
  }

  static List<Item> listAll(String prefix, String delimiter, String marker, int maxKeys) {
    List<Item> items = new ArrayList<>();
    String next = marker;
    for (int page = 0; page < 1000; page++) {
      String m = next;
      ListObjectsResponse r = S3.client().listObjects(b -> {
        b.bucket(bucket).maxKeys(maxKeys);
        if (!prefix.isEmpty()) {
          b.prefix(prefix);
        }
        if (!delimiter.isEmpty()) {
          b.delimiter(delimiter);
        }
        if (!m.isEmpty()) {
          b.marker(m);
        }
      });
      List<Item> pageItems = ListObjectsV2Test.merge(r.contents(), r.commonPrefixes());
      items.addAll(pageItems);
      if (!r.isTruncated()) {
        return items;
      }
      assertThat(pageItems).as("a truncated page is full").hasSize(maxKeys);
      Item last = pageItems.get(pageItems.size() - 1);
      if (!delimiter.isEmpty()) {
        assertThat(r.nextMarker()).as("NextMarker with a delimiter").isEqualTo(last.value());
      }
      next = r.nextMarker() != null ? r.nextMarker() : last.value();
    }
    throw new AssertionError("listing did not end after 1000 pages");
  }

  @ParameterizedTest(name = "prefix=''{0}'' delimiter=''{1}'' marker=''{2}'' max-keys={3}")
  @CsvSource(delimiter = '|', value = {
      "''|''|''|1000",
      "''|''|''|3",
      "''|/|''|1",
      "''|/|''|3",
      "dir/|/|''|2",
      "dir|/|''|1",
      "a|/|''|2",
      "''|''|dir/1|4",
      "''|/|a.b|2",
      "x/|''|x/a b|1",
  })
  void matchesTheIndependentExpectation(String prefix, String delimiter, String marker,
      int maxKeys) {
    List<Item> expected = ExpectedListing.of(ListObjectsV2Test.KEYS, prefix, delimiter, marker);
    assertThat(listAll(prefix, delimiter, marker, maxKeys)).containsExactlyElementsOf(expected);
  }

  @Test
  void version1EntriesCarryTheirOwner() {
    // ListObjects (V1) returns Owner with every Contents entry.
    ListObjectsResponse r = S3.client().listObjects(b -> b.bucket(bucket).prefix("dir/0"));
    assertThat(r.contents()).singleElement().satisfies(o -> {
      assertThat(o.owner()).isNotNull();
      assertThat(o.owner().id()).isNotBlank();
    });
  }

  @Test
  void maxKeysZeroListsNothing() {
    ListObjectsResponse r = S3.client().listObjects(b -> b.bucket(bucket).maxKeys(0));
    assertThat(r.contents()).isEmpty();
    assertThat(r.isTruncated()).isFalse();
  }

  @Test
  void markerAfterTheLastKeyListsNothing() {
    ListObjectsResponse r = S3.client().listObjects(b -> b.bucket(bucket).marker("\uFFFF"));
    assertThat(r.contents()).extracting(o -> o.key()).containsExactly("\uD83D\uDE00");
    ListObjectsResponse none = S3.client().listObjects(b -> b.bucket(bucket)
        .marker("\uD83D\uDE00"));
    assertThat(none.contents()).isEmpty();
    assertThat(none.isTruncated()).isFalse();
    assertThat(none.marker()).isEqualTo("\uD83D\uDE00");
  }

  @Test
  void encodingTypeUrlOnTheWire() {
    RawS3.Response r = S3.raw().send("GET", "/" + bucket,
        Map.of("encoding-type", "url", "prefix", "x/a", "delimiter", "/", "max-keys", "2"),
        Map.of(), new byte[0]);
    assertThat(r.status()).as(r.text()).isEqualTo(200);
    String xml = r.text();
    List<String> keys = ListObjectsV2Test.elements(xml, "Key").stream()
        .map(k -> URLDecoder.decode(k, StandardCharsets.UTF_8)).toList();
    assertThat(keys).containsExactly("x/a", "x/a b");
    assertThat(ListObjectsV2Test.elements(xml, "IsTruncated")).containsExactly("true");
    assertThat(ListObjectsV2Test.elements(xml, "NextMarker")).singleElement()
        .satisfies(m -> assertThat(URLDecoder.decode(m, StandardCharsets.UTF_8))
            .isEqualTo("x/a b"))
        .satisfies(m -> assertThat(m).doesNotContain(" "));
  }
}
