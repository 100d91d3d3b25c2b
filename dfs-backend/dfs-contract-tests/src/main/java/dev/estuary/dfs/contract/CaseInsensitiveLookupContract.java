package dev.estuary.dfs.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.estuary.dfs.Attributes;
import dev.estuary.dfs.Capability;
import dev.estuary.dfs.CaseLookup;
import dev.estuary.dfs.DirEntry;
import dev.estuary.dfs.ErrorKind;
import dev.estuary.dfs.FileHandle;
import dev.estuary.dfs.ObjectId;
import dev.estuary.dfs.OpenMode;
import dev.estuary.dfs.RemoveKind;
import dev.estuary.dfs.RenameMode;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link dev.estuary.dfs.Volume#lookupIgnoreCase}: names compared under Unicode simple case folding
 * ({@link dev.estuary.dfs.CaseFolding}, as NTFS), the stored name returned, collisions reported,
 * and the index following every namespace change and restarts. Runs only when the backend
 * advertises {@link Capability#CASE_INSENSITIVE_LOOKUP}.
 */
public abstract class CaseInsensitiveLookupContract extends DfsContractSupport {

  /** Skips the class unless the facet is offered. */
  @BeforeEach
  void requireCapability() {
    assumeCapability(Capability.CASE_INSENSITIVE_LOOKUP);
  }

  @Test
  void ascii_anyCase_findsTheStoredName() {
    Attributes f = createFile(root, "Readme.TXT");

    for (String asked : new String[] {"Readme.TXT", "README.TXT", "readme.txt", "rEADME.tXT"}) {
      CaseLookup found = volume.lookupIgnoreCase(root, asked);
      assertThat(found.entry().name()).as("stored name for %s", asked).isEqualTo("Readme.TXT");
      assertThat(found.entry().id()).isEqualTo(f.id());
      assertThat(found.collision()).isFalse();
    }
    assertKind(ErrorKind.NOT_FOUND, () -> volume.lookupIgnoreCase(root, "readme.md"));
    assertKind(ErrorKind.NOT_FOUND, () -> volume.lookupIgnoreCase(root, "readme.tx"));
    assertKind(ErrorKind.NOT_FOUND, () -> volume.lookupIgnoreCase(root, "readme.txtt"));
  }

  @Test
  void result_carriesTheAttributesAndPositionOfTheEntry() {
    ObjectId d = mkdir(root, "Docs").id();
    createFile(d, "x");

    CaseLookup found = volume.lookupIgnoreCase(root, "DOCS");

    assertThat(found.entry().type()).isEqualTo(dev.estuary.dfs.ObjectType.DIRECTORY);
    assertThat(found.entry().attributes()).isEqualTo(volume.lookup(root, "Docs"));
    DirEntry listed = listAll(root, 10, false).getFirst();
    assertThat(found.entry().position()).isEqualTo(listed.position());
  }

  // Simple folding keeps code point counts: ß is not "ss", but capital sharp s U+1E9E folds to ß.
  @Test
  void sharpS_foldsWithCapitalSharpS_butNotWithSS() {
    createFile(root, "straße");

    assertThat(volume.lookupIgnoreCase(root, "STRAẞE").entry().name()).isEqualTo("straße");
    assertThat(volume.lookupIgnoreCase(root, "Straße").entry().name()).isEqualTo("straße");
    assertKind(ErrorKind.NOT_FOUND, () -> volume.lookupIgnoreCase(root, "STRASSE"));
    assertKind(ErrorKind.NOT_FOUND, () -> volume.lookupIgnoreCase(root, "strasse"));
  }

  // No Turkish rules: İ (U+0130) and ı (U+0131) fold to themselves, never to i or I.
  @Test
  void turkishDottedAndDotlessI_areNotEqualToIOrI() {
    createFile(root, "istanbul");
    createFile(root, "İzmir");

    assertThat(volume.lookupIgnoreCase(root, "ISTANBUL").entry().name()).isEqualTo("istanbul");
    assertKind(ErrorKind.NOT_FOUND, () -> volume.lookupIgnoreCase(root, "İSTANBUL"));
    assertKind(ErrorKind.NOT_FOUND, () -> volume.lookupIgnoreCase(root, "ıstanbul"));
    assertThat(volume.lookupIgnoreCase(root, "İZMIR").entry().name()).isEqualTo("İzmir");
    assertKind(ErrorKind.NOT_FOUND, () -> volume.lookupIgnoreCase(root, "izmir"));
    assertKind(ErrorKind.NOT_FOUND, () -> volume.lookupIgnoreCase(root, "IZMIR"));
    assertKind(ErrorKind.NOT_FOUND, () -> volume.lookupIgnoreCase(root, "İZMİR"));
  }

  @Test
  void greekSigma_finalMedialAndCapital_areEqual() {
    createFile(root, "ΟΔΟΣ");

    for (String asked : new String[] {"οδος", "οδοσ", "ΟΔΟΣ", "Οδος"}) {
      assertThat(volume.lookupIgnoreCase(root, asked).entry().name()).as("for %s", asked)
          .isEqualTo("ΟΔΟΣ");
    }
    assertKind(ErrorKind.NOT_FOUND, () -> volume.lookupIgnoreCase(root, "οδο"));
  }

  @Test
  void collision_isReported_andTheExactCaseWins() {
    ObjectId lower = createFile(root, "a.txt").id();
    ObjectId upper = createFile(root, "A.TXT").id();
    createFile(root, "b.txt");

    CaseLookup exactLower = volume.lookupIgnoreCase(root, "a.txt");
    CaseLookup exactUpper = volume.lookupIgnoreCase(root, "A.TXT");
    CaseLookup neither = volume.lookupIgnoreCase(root, "A.txt");

    assertThat(exactLower.collision()).isTrue();
    assertThat(exactLower.entry().id()).isEqualTo(lower);
    assertThat(exactUpper.collision()).isTrue();
    assertThat(exactUpper.entry().id()).isEqualTo(upper);
    // No exact match: the first stored name in UTF-8 byte order ('A' 0x41 before 'a' 0x61).
    assertThat(neither.collision()).isTrue();
    assertThat(neither.entry().name()).isEqualTo("A.TXT");
    assertThat(volume.lookupIgnoreCase(root, "B.TXT").collision()).isFalse();

    volume.remove(root, "A.TXT", RemoveKind.ANY);
    CaseLookup after = volume.lookupIgnoreCase(root, "A.txt");
    assertThat(after.collision()).isFalse();
    assertThat(after.entry().id()).isEqualTo(lower);
  }

  @Test
  void index_followsRenameAcrossDirectoriesAndCaseOnlyRename() {
    ObjectId a = mkdir(root, "a").id();
    ObjectId b = mkdir(root, "b").id();
    ObjectId f = createFile(a, "Photo.JPG").id();

    volume.rename(a, "Photo.JPG", b, "Holiday.jpg", RenameMode.NO_REPLACE);
    assertKind(ErrorKind.NOT_FOUND, () -> volume.lookupIgnoreCase(a, "photo.jpg"));
    assertKind(ErrorKind.NOT_FOUND, () -> volume.lookupIgnoreCase(b, "photo.jpg"));
    assertThat(volume.lookupIgnoreCase(b, "HOLIDAY.JPG").entry().id()).isEqualTo(f);

    volume.rename(b, "Holiday.jpg", b, "HOLIDAY.jpg", RenameMode.NO_REPLACE);
    CaseLookup found = volume.lookupIgnoreCase(b, "holiday.jpg");
    assertThat(found.entry().name()).isEqualTo("HOLIDAY.jpg");
    assertThat(found.collision()).isFalse();
  }

  @Test
  void index_followsReplacingRenameAndExchange() {
    ObjectId x = createFile(root, "X").id();
    ObjectId y = createFile(root, "Y").id();
    volume.rename(root, "X", root, "Y", RenameMode.REPLACE);
    assertKind(ErrorKind.NOT_FOUND, () -> volume.lookupIgnoreCase(root, "x"));
    assertThat(volume.lookupIgnoreCase(root, "y").entry().id()).isEqualTo(x);
    assertThat(y).isNotEqualTo(x);

    if (dfs.capabilities().contains(Capability.RENAME_EXCHANGE)) {
      ObjectId z = mkdir(root, "Z").id();
      volume.rename(root, "Y", root, "Z", RenameMode.EXCHANGE);
      assertThat(volume.lookupIgnoreCase(root, "y").entry().id()).isEqualTo(z);
      assertThat(volume.lookupIgnoreCase(root, "y").entry().type())
          .isEqualTo(dev.estuary.dfs.ObjectType.DIRECTORY);
      assertThat(volume.lookupIgnoreCase(root, "z").entry().id()).isEqualTo(x);
    }
  }

  @Test
  void index_followsRemoveAndRecreateInAnotherCase() {
    createFile(root, "Notes");
    volume.remove(root, "Notes", RemoveKind.ANY);
    assertKind(ErrorKind.NOT_FOUND, () -> volume.lookupIgnoreCase(root, "notes"));

    ObjectId again = mkdir(root, "NOTES").id();
    CaseLookup found = volume.lookupIgnoreCase(root, "Notes");
    assertThat(found.entry().name()).isEqualTo("NOTES");
    assertThat(found.entry().id()).isEqualTo(again);
  }

  @Test
  void index_followsLinkOfAnUnlinkedObject() {
    assumeCapability(Capability.UNLINKED_OBJECTS);
    Attributes tmp = volume.createUnlinked(0644, OWNER);
    try (FileHandle h = volume.open(tmp.id(), OpenMode.READ_WRITE)) {
      assertKind(ErrorKind.NOT_FOUND, () -> volume.lookupIgnoreCase(root, "upload.bin"));

      volume.link(tmp.id(), root, "Upload.BIN", RenameMode.NO_REPLACE);

      assertThat(volume.lookupIgnoreCase(root, "upload.bin").entry().id()).isEqualTo(tmp.id());
    }
    // Replacing by link keeps one name.
    Attributes tmp2 = volume.createUnlinked(0644, OWNER);
    try (FileHandle h = volume.open(tmp2.id(), OpenMode.READ_WRITE)) {
      volume.link(tmp2.id(), root, "Upload.BIN", RenameMode.REPLACE);
      CaseLookup found = volume.lookupIgnoreCase(root, "UPLOAD.BIN");
      assertThat(found.entry().id()).isEqualTo(tmp2.id());
      assertThat(found.collision()).isFalse();
    }
  }

  @Test
  void index_survivesRestart() {
    ObjectId d = mkdir(root, "Data").id();
    ObjectId f = createFile(d, "Ünïcödé.TXT").id();

    reopen();

    assertThat(volume.lookupIgnoreCase(root, "data").entry().id()).isEqualTo(d);
    assertThat(volume.lookupIgnoreCase(d, "üNÏCÖDÉ.txt").entry().id()).isEqualTo(f);
  }

  @Test
  void badArguments_areRefusedLikeLookup() {
    ObjectId f = createFile(root, "f").id();
    assertKind(ErrorKind.NOT_DIRECTORY, () -> volume.lookupIgnoreCase(f, "x"));
    assertKind(ErrorKind.INVALID_ARGUMENT, () -> volume.lookupIgnoreCase(root, "a/b"));
    assertKind(ErrorKind.INVALID_ARGUMENT, () -> volume.lookupIgnoreCase(root, ".."));
    ObjectId d = mkdir(root, "d").id();
    volume.remove(root, "d", RemoveKind.DIRECTORY);
    assertKind(ErrorKind.STALE, () -> volume.lookupIgnoreCase(d, "x"));
  }
}
