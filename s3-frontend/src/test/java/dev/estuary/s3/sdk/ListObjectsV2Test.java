package dev.estuary.s3.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.estuary.s3.testing.ExpectedListing;
import dev.estuary.s3.testing.ExpectedListing.Item;
import dev.estuary.s3.testing.RawS3;
import dev.estuary.s3.testing.S3TestServer;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.model.CommonPrefix;
import software.amazon.awssdk.services.s3.model.EncodingType;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * ListObjectsV2 against an independently computed expectation: UTF-8 byte order across directory
 * boundaries ("dir-x" and "dir.y" sort before "dir/…", "dir0" after), prefix, delimiter,
 * start-after, continuation over many pages, max-keys and encoding-type=url.
 */
class ListObjectsV2Test {
  @RegisterExtension static final S3TestServer S3 = new S3TestServer();

  /** Every key, chosen so that naive per-directory listing gets the order wrong. */
  static final List<String> KEYS = List.of(
      "a b", "a-b", "a.b", "a/b", "a/c/d", "a/c/e", "a0", "ä", "\uFF21", "\uD83D\uDE00", "b",
      "dir-x", "dir.y", "dir/0", "dir/1", "dir/2/deep", "dir/3", "dir/4/x/y", "dir/5", "dir0",
      "x/a", "x/a b", "x/a-b", "x/a.b", "x/ä", "x/a+b%c", "z");

  static String bucket;

  @BeforeAll
  static void fill() {
    bucket = S3.createBucket("list2");
    for (String k : KEYS) {
      S3.client().putObject(b -> b.bucket(bucket).key(k), RequestBody.fromString(k));
    }
  }

  /** Lists every page and checks each page's shape; returns all items in order. */
  static List<Item> listAll(String prefix, String delimiter, String startAfter, int maxKeys) {
    List<Item> items = new ArrayList<>();
    String token = null;
    for (int page = 0; page < 1000; page++) {
      String t = token;
      ListObjectsV2Response r = S3.client().listObjectsV2(b -> {
        b.bucket(bucket).maxKeys(maxKeys);
        if (!prefix.isEmpty()) {
          b.prefix(prefix);
        }
        if (!delimiter.isEmpty()) {
          b.delimiter(delimiter);
        }
        if (!startAfter.isEmpty()) {
          b.startAfter(startAfter);
        }
        if (t != null) {
          b.continuationToken(t);
        }
      });
      List<Item> pageItems = merge(r.contents(), r.commonPrefixes());
      assertThat(r.keyCount()).as("KeyCount of page " + page).isEqualTo(pageItems.size());
      assertThat(r.maxKeys()).isEqualTo(maxKeys);
      items.addAll(pageItems);
      if (!r.isTruncated()) {
        assertThat(r.nextContinuationToken()).isNull();
        return items;
      }
      assertThat(pageItems).as("a truncated page is full").hasSize(maxKeys);
      assertThat(r.nextContinuationToken()).isNotEmpty();
      token = r.nextContinuationToken();
    }
    throw new AssertionError("listing did not end after 1000 pages");
  }

  /** Contents and common prefixes come as two lists; S3 order interleaves them. */
  static List<Item> merge(List<S3Object> contents, List<CommonPrefix> prefixes) {
    List<Item> out = new ArrayList<>();
    contents.forEach(o -> out.add(Item.key(o.key())));
    prefixes.forEach(p -> out.add(Item.prefix(p.prefix())));
    List<String> keysInOrder = contents.stream().map(S3Object::key).toList();
    assertThat(keysInOrder).as("Contents in UTF-8 byte order")
        .isSortedAccordingTo(ExpectedListing.S3_ORDER);
    assertThat(prefixes.stream().map(CommonPrefix::prefix).toList())
        .as("CommonPrefixes in UTF-8 byte order").isSortedAccordingTo(ExpectedListing.S3_ORDER);
    out.sort((x, y) -> ExpectedListing.S3_ORDER.compare(x.value(), y.value()));
    return out;
  }

  @ParameterizedTest(name = "prefix=''{0}'' delimiter=''{1}'' start-after=''{2}'' max-keys={3}")
  @CsvSource(delimiter = '|', value = {
      "''|''|''|1000",
      "''|''|''|1",
      "''|''|''|4",
      "''|/|''|1000",
      "''|/|''|2",
      "dir/|/|''|1000",
      "dir/|/|''|1",
      "dir|''|''|3",
      "dir|/|''|2",
      "a|/|''|1000",
      "a|''|''|2",
      "a/|/|''|1",
      "x/|''|''|2",
      "''|/|a.b|2",
      "''|''|dir/2|3",
      "''|/|dir/2|1",
      "dir/|''|dir/4|1",
      "nothing|/|''|5",
      "''|c|''|3",
      "''|/|\uFF21|1",
      "''|.|''|3",
      "x/|%|''|1000",
      "x/|b|''|1",
      "''|a|''|2",
      "''|/|zz|5",
  })
  void matchesTheIndependentExpectation(String prefix, String delimiter, String startAfter,
      int maxKeys) {
    List<Item> expected = ExpectedListing.of(KEYS, prefix, delimiter, startAfter);
    assertThat(listAll(prefix, delimiter, startAfter, maxKeys)).containsExactlyElementsOf(expected);
  }

  @Test
  void byteOrderIsNotUtf16Order() {
    // U+1F600 is a surrogate pair in UTF-16 (sorts before U+FF21) but F0 9F 98 80 in UTF-8
    // (sorts after EF BC A1).
    List<Item> all = listAll("", "/", "", 1000);
    List<String> values = all.stream().map(Item::value).toList();
    assertThat(values.indexOf("\uD83D\uDE00")).isGreaterThan(values.indexOf("\uFF21"));
    assertThat(values.indexOf("dir-x")).isLessThan(values.indexOf("dir/"));
    assertThat(values.indexOf("dir.y")).isLessThan(values.indexOf("dir/"));
    assertThat(values.indexOf("dir0")).isGreaterThan(values.indexOf("dir/"));
  }

  @Test
  void objectEntriesCarrySizeETagAndDate() {
    ListObjectsV2Response r = S3.client().listObjectsV2(b -> b.bucket(bucket).prefix("dir/0"));
    assertThat(r.contents()).singleElement().satisfies(o -> {
      assertThat(o.key()).isEqualTo("dir/0");
      assertThat(o.size()).isEqualTo(5L);
      assertThat(o.eTag()).isEqualTo(
          dev.estuary.s3.testing.Checksums.etag("dir/0".getBytes(StandardCharsets.UTF_8)));
      assertThat(o.lastModified()).isNotNull();
      assertThat(o.storageClassAsString()).isEqualTo("STANDARD");
    });
    assertThat(r.name()).isEqualTo(bucket);
    assertThat(r.prefix()).isEqualTo("dir/0");
  }

  @Test
  void encodingTypeUrlEncodesKeysAndPrefixesOnTheWire() {
    RawS3.Response r = S3.raw().send("GET", "/" + bucket,
        Map.of("list-type", "2", "encoding-type", "url", "prefix", "x/", "delimiter", "/"),
        Map.of(), new byte[0]);
    assertThat(r.status()).as(r.text()).isEqualTo(200);
    String xml = r.text();
    assertThat(xml).contains("<EncodingType>url</EncodingType>");
    List<String> rawKeys = elements(xml, "Key");
    assertThat(rawKeys).allSatisfy(k -> assertThat(k).doesNotContain(" ", "ä", "%c"));
    List<String> decoded = rawKeys.stream()
        .map(k -> URLDecoder.decode(k, StandardCharsets.UTF_8)).toList();
    assertThat(decoded).containsExactly("x/a", "x/a b", "x/a+b%c", "x/a-b", "x/a.b", "x/ä");
  }

  @Test
  void sdkDecodesUrlEncodedListings() {
    ListObjectsV2Response r = S3.client().listObjectsV2(b -> b.bucket(bucket).prefix("x/")
        .encodingType(EncodingType.URL));
    assertThat(r.contents()).extracting(S3Object::key)
        .containsExactly("x/a", "x/a b", "x/a+b%c", "x/a-b", "x/a.b", "x/ä");
  }

  @Test
  void ownerOnlyWithFetchOwner() {
    ListObjectsV2Response plain = S3.client().listObjectsV2(b -> b.bucket(bucket).prefix("dir/0"));
    assertThat(plain.contents()).singleElement().satisfies(o -> assertThat(o.owner()).isNull());
    ListObjectsV2Response owned = S3.client().listObjectsV2(b -> b.bucket(bucket).prefix("dir/0")
        .fetchOwner(true));
    assertThat(owned.contents()).singleElement().satisfies(o -> {
      assertThat(o.owner()).isNotNull();
      assertThat(o.owner().id()).isNotBlank();
    });
  }

  @Test
  void maxKeysZeroListsNothingAndIsNotTruncated() {
    ListObjectsV2Response r = S3.client().listObjectsV2(b -> b.bucket(bucket).maxKeys(0));
    assertThat(r.contents()).isEmpty();
    assertThat(r.commonPrefixes()).isEmpty();
    assertThat(r.keyCount()).isZero();
    assertThat(r.isTruncated()).isFalse();
  }

  @Test
  void continuationTokenWinsOverStartAfter() {
    ListObjectsV2Response first = S3.client().listObjectsV2(b -> b.bucket(bucket).maxKeys(3)
        .startAfter("a0"));
    assertThat(first.contents()).extracting(S3Object::key).containsExactly("b", "dir-x", "dir.y");
    assertThat(first.startAfter()).isEqualTo("a0");
    ListObjectsV2Response second = S3.client().listObjectsV2(b -> b.bucket(bucket).maxKeys(2)
        .startAfter("a0").continuationToken(first.nextContinuationToken()));
    assertThat(second.contents()).extracting(S3Object::key).containsExactly("dir/0", "dir/1");
    assertThat(second.startAfter()).isEqualTo("a0");
    assertThat(second.continuationToken()).isEqualTo(first.nextContinuationToken());
  }

  @Test
  void maxKeysOutOfRangeIsInvalidArgument() {
    assertThatThrownBy(() -> S3.client().listObjectsV2(b -> b.bucket(bucket).maxKeys(-1)))
        .isInstanceOfSatisfying(S3Exception.class, e -> {
          assertThat(e.statusCode()).isEqualTo(400);
          assertThat(S3.error(e).code()).isEqualTo("InvalidArgument");
        });
  }

  @Test
  void maxKeysAboveAThousandIsCappedAtAThousand() {
    ListObjectsV2Response r = S3.client().listObjectsV2(b -> b.bucket(bucket).maxKeys(5000));
    assertThat(r.keyCount()).isEqualTo(KEYS.size());
    assertThat(r.isTruncated()).isFalse();
  }

  static List<String> elements(String xml, String name) {
    Matcher m = Pattern.compile("<" + name + ">([^<]*)</" + name + ">").matcher(xml);
    List<String> out = new ArrayList<>();
    while (m.find()) {
      out.add(m.group(1).replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">")
          .replace("&quot;", "\"").replace("&apos;", "'"));
    }
    return out;
  }
}
