package dev.estuary.dfs.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.estuary.dfs.ErrorKind;
import dev.estuary.dfs.Limits;
import dev.estuary.dfs.ObjectId;
import dev.estuary.dfs.RemoveKind;
import dev.estuary.dfs.RenameMode;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Entry names ({@link Limits#checkName}): which are invalid, the 255-byte limit counted in UTF-8
 * bytes, and that names are stored byte-exact (no normalisation, no case folding).
 */
public abstract class NameContract extends DfsContractSupport {

  /** "é" precomposed (NFC, U+00E9, 2 bytes) and decomposed (NFD, e + U+0301, 3 bytes). */
  private static final String NFC = "caf\u00e9";
  private static final String NFD = "cafe\u0301";

  @ParameterizedTest
  @ValueSource(strings = {"", ".", "..", "a/b", "/", "a\0b", "\0", "x\ud800", "\udc00y"})
  void everyNameTakingOperation_invalidName_failsInvalidArgument(String bad) {
    ObjectId file = createFile(root, "file").id();
    ObjectId dir = mkdir(root, "dir").id();

    for (Consumer<String> op : nameTakingOperations(file, dir)) {
      assertKind(ErrorKind.INVALID_ARGUMENT, () -> op.accept(bad));
    }
    assertThat(names(root)).containsExactly("dir", "file");
  }

  @Test
  void everyNameTakingOperation_256Bytes_failsNameTooLong() {
    ObjectId file = createFile(root, "file").id();
    ObjectId dir = mkdir(root, "dir").id();
    List<String> tooLong =
        List.of(
            "a".repeat(256),
            "\u20ac".repeat(85) + "a", // 85 x 3 bytes + 1
            "\ud83d\ude00".repeat(64), // 64 x 4 bytes, only 128 chars
            "\u00e9".repeat(128), // 128 x 2 bytes
            "\u6f22".repeat(86)); // 86 x 3 bytes = 258
    for (String name : tooLong) {
      assertThat(utf8Length(name)).isGreaterThan(Limits.MAX_NAME_BYTES);
      for (Consumer<String> op : nameTakingOperations(file, dir)) {
        assertKind(ErrorKind.NAME_TOO_LONG, () -> op.accept(name));
      }
    }
    assertThat(names(root)).containsExactly("dir", "file");
  }

  @Test
  void create_exactly255Bytes_succeedsWithMultibyteCharacters() {
    List<String> max =
        List.of(
            "a".repeat(255),
            "\u20ac".repeat(85), // 85 x 3 bytes
            "\ud83d\ude00".repeat(63) + "abc", // 63 x 4 + 3
            "\u00e9".repeat(127) + "z", // 127 x 2 + 1
            "\u6f22\u5b57".repeat(42) + "\u6f22"); // 85 x 3
    for (String name : max) {
      assertThat(utf8Length(name)).isEqualTo(Limits.MAX_NAME_BYTES);

      ObjectId id = createFile(root, name).id();
      ObjectId sub = mkdir(root, "d" + name.substring(name.length() - 1)).id();
      volume.rename(root, name, sub, name, RenameMode.NO_REPLACE);

      assertThat(volume.lookup(sub, name).id()).isEqualTo(id);
      assertThat(names(sub)).containsExactly(name);
      volume.remove(sub, name, RemoveKind.ANY);
      volume.remove(root, "d" + name.substring(name.length() - 1), RemoveKind.ANY);
    }
  }

  @Test
  void create_nfcAndNfdSpellings_areDistinctEntries() {
    assertThat(Normalizer.normalize(NFD, Normalizer.Form.NFC)).isEqualTo(NFC);

    ObjectId nfc = createFile(root, NFC, new byte[] {1}).id();
    ObjectId nfd = createFile(root, NFD, new byte[] {2}).id();

    assertThat(nfc).isNotEqualTo(nfd);
    assertThat(volume.lookup(root, NFC).id()).isEqualTo(nfc);
    assertThat(volume.lookup(root, NFD).id()).isEqualTo(nfd);
    assertThat(readAll(nfd)).containsExactly(2);
    assertThat(names(root)).containsExactlyElementsOf(utf8Sorted(List.of(NFC, NFD)));
    volume.remove(root, NFD, RemoveKind.ANY);
    assertThat(names(root)).containsExactly(NFC);
  }

  @Test
  void create_namesDifferingOnlyInCase_areDistinctEntries() {
    ObjectId upper = createFile(root, "README").id();
    ObjectId lower = createFile(root, "readme").id();

    assertThat(upper).isNotEqualTo(lower);
    assertKind(ErrorKind.NOT_FOUND, () -> volume.lookup(root, "ReadMe"));
    assertThat(names(root)).containsExactly("README", "readme");
  }

  @Test
  void create_unusualButValidNames_roundTripExactly() {
    List<String> odd =
        List.of(
            "\ud83d\udcc1 folder \ud83d\ude00", // emoji with spaces
            "\u6f22\u5b57\u304b\u306a\ud55c\uae00", // CJK, kana, hangul
            "\u0645\u0631\u062d\u0628\u0627", // right-to-left
            " lead and trail ",
            "back\\slash:colon*star?quest\"quote<lt>gt|pipe",
            "tab\tnew\nline\rcr",
            "\u007f\u0001ctl",
            "...",
            ".hidden",
            "-dash",
            "\ufeffbom",
            "\uffff\ufffe",
            "\ud800\udc00", // U+10000, the first supplementary code point
            "\udbff\udfff"); // U+10FFFF, the last one
    List<ObjectId> ids = new ArrayList<>();
    for (String name : odd) {
      ids.add(createFile(root, name).id());
    }

    assertThat(names(root)).containsExactlyElementsOf(utf8Sorted(odd));
    for (int i = 0; i < odd.size(); i++) {
      assertThat(volume.lookup(root, odd.get(i)).id()).as("lookup of %s", odd.get(i))
          .isEqualTo(ids.get(i));
      assertThat(volume.location(ids.get(i)).orElseThrow().name()).isEqualTo(odd.get(i));
    }
  }

  @Test
  void lookup_nameWithTrailingSlashOrDot_isNotNormalised() {
    createFile(root, "a");

    assertKind(ErrorKind.INVALID_ARGUMENT, () -> volume.lookup(root, "a/"));
    assertKind(ErrorKind.NOT_FOUND, () -> volume.lookup(root, "a."));
    assertKind(ErrorKind.NOT_FOUND, () -> volume.lookup(root, "a "));
  }

  /** Every operation that takes an entry name, applied to a name, with valid other arguments. */
  private List<Consumer<String>> nameTakingOperations(ObjectId file, ObjectId dir) {
    return List.of(
        n -> volume.lookup(root, n),
        n -> volume.create(root, n, 0644, OWNER, true),
        n -> volume.create(root, n, 0644, OWNER, false),
        n -> volume.mkdir(root, n, 0755, OWNER),
        n -> volume.symlink(root, n, "target", OWNER),
        n -> volume.remove(root, n, RemoveKind.ANY),
        n -> volume.rename(root, "file", dir, n, RenameMode.REPLACE),
        n -> volume.rename(root, "file", dir, n, RenameMode.NO_REPLACE),
        n -> volume.rename(root, n, dir, "x", RenameMode.REPLACE));
  }
}
