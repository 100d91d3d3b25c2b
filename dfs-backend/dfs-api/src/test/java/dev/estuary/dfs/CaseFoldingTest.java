package dev.estuary.dfs;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CaseFoldingTest {
  @Test
  void asciiFoldsToLowerCase() {
    assertThat(CaseFolding.fold("Report.DOCX")).isEqualTo("report.docx");
  }

  @Test
  void sharpSStaysOneCodePointAndCapitalSharpSFoldsToIt() {
    assertThat(CaseFolding.fold("Straße")).isEqualTo("straße");
    assertThat(CaseFolding.fold("STRA\u1E9EE")).isEqualTo("straße");
    assertThat(CaseFolding.equalsIgnoreCase("STRASSE", "straße")).isFalse();
  }

  @Test
  void turkishDottedAndDotlessIAreNotFoldedToAsciiI() {
    assertThat(CaseFolding.fold("\u0130")).isEqualTo("\u0130");
    assertThat(CaseFolding.fold("\u0131")).isEqualTo("\u0131");
    assertThat(CaseFolding.equalsIgnoreCase("I", "i")).isTrue();
    assertThat(CaseFolding.equalsIgnoreCase("\u0130", "i")).isFalse();
  }

  @Test
  void greekSigmaFormsFoldTogether() {
    assertThat(CaseFolding.fold("ΟΔΟΣ")).isEqualTo("οδοσ");
    assertThat(CaseFolding.equalsIgnoreCase("οδος", "ΟΔΟΣ")).isTrue();
  }

  @Test
  void supplementaryCodePointsFold() {
    // U+10400 DESERET CAPITAL LETTER LONG I folds to U+10428.
    assertThat(CaseFolding.fold("\uD801\uDC00")).isEqualTo("\uD801\uDC28");
  }

  @Test
  void reservedNamesAreMatchedIgnoringCaseAtTheRootOnly() {
    assertThat(ReservedNames.isReservedAtRoot(".estuary-s3-uploads")).isTrue();
    assertThat(ReservedNames.isReservedAtRoot(".ESTUARY-S3-UPLOADS")).isTrue();
    // U+017F LATIN SMALL LETTER LONG S folds to 's'.
    assertThat(ReservedNames.isReservedAtRoot(".e\u017Ftuary-x")).isTrue();
    assertThat(ReservedNames.isReservedAtRoot(".estuary")).isFalse();
    assertThat(ReservedNames.isReservedAtRoot("estuary-x")).isFalse();
    assertThat(ReservedNames.isReservedPath("/.estuary-s3-uploads/u/00001")).isTrue();
    assertThat(ReservedNames.isReservedPath("a/../.estuary-s3-uploads")).isTrue();
    assertThat(ReservedNames.isReservedPath("../.Estuary-S3-uploads/x")).isTrue();
    assertThat(ReservedNames.isReservedPath("a/.estuary-s3-uploads")).isFalse();
    assertThat(ReservedNames.isReservedPath("//./photos/a.jpg")).isFalse();
  }
}
