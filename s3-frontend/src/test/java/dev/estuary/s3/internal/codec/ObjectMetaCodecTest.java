package dev.estuary.s3.internal.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ObjectMetaCodecTest {
  @Test
  void roundTripsEveryField() {
    Map<String, String> user = new LinkedHashMap<>();
    user.put("zeta", "1");
    user.put("alpha", "é ü");
    ObjectMeta m = new ObjectMeta("text/plain", "gzip", "attachment", "en", "no-cache",
        "Thu, 01 Dec 1994 16:00:00 GMT", user, "abc-2", "CRC32", "AAAAAA==", "COMPOSITE",
        List.of(5L << 20, 7L), Map.of("k", "v"), 123, 456, "7ffe0000000000010123456789abcdef");
    ObjectMeta back = ObjectMetaCodec.decode(ObjectMetaCodec.encode(m));
    assertThat(back).isEqualTo(m);
    assertThat(back.userMetadata().keySet()).containsExactly("zeta", "alpha");
    assertThat(ObjectMetaCodec.decode(ObjectMetaCodec.encode(ObjectMeta.EMPTY)))
        .isEqualTo(ObjectMeta.EMPTY);
  }

  @Test
  void unknownVersionsAndTagsAreRefused() {
    assertThatThrownBy(() -> ObjectMetaCodec.decode(new byte[] {9})).hasMessageContaining("version");
    byte[] b = ObjectMetaCodec.encode(ObjectMeta.EMPTY);
    byte[] bad = java.util.Arrays.copyOf(b, b.length + 1);
    bad[b.length] = 99;
    assertThatThrownBy(() -> ObjectMetaCodec.decode(bad)).hasMessageContaining("field tag");
  }
}
