package dev.estuary.s3.sdk;

import static org.assertj.core.api.Assertions.assertThat;

import dev.estuary.s3.testing.ExpectedListing;
import dev.estuary.s3.testing.ExpectedListing.Item;
import dev.estuary.s3.testing.S3TestServer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.s3.model.CommonPrefix;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Listings longer than one page (max-keys 1000 by default) over directories with more entries than
 * one directory read, with siblings that sort on both sides of the directory ("big-x", "big.y"
 * before "big/…", "big0" after). The files are written through the volume, as a file protocol
 * would, which is also how a large share gets its first S3 listing.
 */
class LargeListingTest {
  @RegisterExtension static final S3TestServer S3 = new S3TestServer();

  static String bucket;
  static final List<String> KEYS = new ArrayList<>();

  @BeforeAll
  static void fill() {
    bucket = S3.createBucket("large-list");
    for (int i = 0; i < 1300; i++) {
      KEYS.add(String.format("big/%04d", i));
    }
    for (int d = 0; d < 120; d++) {
      for (int f = 0; f < 3; f++) {
        KEYS.add(String.format("nest/d%03d/f%d", d, f));
      }
    }
    KEYS.addAll(List.of("big-x", "big.y", "big0", "bi", "nest-", "nest0/z", "zz"));
    for (String k : KEYS) {
      S3.volumes().writeFile(bucket, k, k.getBytes());
    }
  }

  private static List<Item> listAll(String prefix, String delimiter, int maxKeys) {
    List<Item> items = new ArrayList<>();
    String token = null;
    int pages = 0;
    do {
      String t = token;
      ListObjectsV2Response r = S3.client().listObjectsV2(b -> {
        b.bucket(bucket).maxKeys(maxKeys).prefix(prefix.isEmpty() ? null : prefix);
        if (!delimiter.isEmpty()) {
          b.delimiter(delimiter);
        }
        if (t != null) {
          b.continuationToken(t);
        }
      });
      // Within a page S3 returns keys and prefixes as two lists; their merge is the page's order.
      List<Item> page = new ArrayList<>();
      r.contents().stream().map(S3Object::key).map(Item::key).forEach(page::add);
      r.commonPrefixes().stream().map(CommonPrefix::prefix).map(Item::prefix).forEach(page::add);
      page.sort((a, b) -> ExpectedListing.S3_ORDER.compare(a.value(), b.value()));
      items.addAll(page);
      if (r.isTruncated()) {
        assertThat(r.keyCount()).isEqualTo(maxKeys);
      }
      token = r.isTruncated() ? r.nextContinuationToken() : null;
      pages++;
    } while (token != null && pages < 100);
    return items;
  }

  @Test
  void flatListingOverSeveralPages() {
    List<Item> expected = ExpectedListing.of(KEYS, "", "", "");
    assertThat(expected).hasSizeGreaterThan(1000);
    assertThat(listAll("", "", 1000)).containsExactlyElementsOf(expected);
  }

  @Test
  void flatListingInOddPages() {
    assertThat(listAll("", "", 333)).containsExactlyElementsOf(ExpectedListing.of(KEYS, "", "", ""));
  }

  @Test
  void delimitedListingOfABigDirectory() {
    assertThat(listAll("big/", "/", 1000))
        .containsExactlyElementsOf(ExpectedListing.of(KEYS, "big/", "/", ""));
  }

  @Test
  void commonPrefixesOverSeveralPages() {
    assertThat(listAll("nest/", "/", 50))
        .containsExactlyElementsOf(ExpectedListing.of(KEYS, "nest/", "/", ""));
  }

  @Test
  void rootWithDelimiter() {
    assertThat(listAll("", "/", 2))
        .containsExactlyElementsOf(ExpectedListing.of(KEYS, "", "/", ""));
  }
}
