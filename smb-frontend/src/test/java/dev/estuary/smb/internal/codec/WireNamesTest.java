package dev.estuary.smb.internal.codec;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The Services-for-Macintosh mapping of names Windows cannot hold ([MS-FSCC] 2.1.5.2). */
class WireNamesTest {

  @Test
  void everyForbiddenCharacter_mapsToItsPrivateUseCodePoint_andBack() {
    String forbidden = "\"*:<>?\\|";
    String expected = "\uF020\uF021\uF022\uF023\uF024\uF025\uF026\uF027";
    assertThat(WireNames.toWire(forbidden)).isEqualTo(expected);
    assertThat(WireNames.fromWire(expected)).isEqualTo(forbidden);
    for (char c = 0x01; c < 0x20; c++) {
      String name = "a" + c + "b";
      String wire = WireNames.toWire(name);
      assertThat(wire).isEqualTo("a" + (char) (0xF000 + c) + "b");
      assertThat(WireNames.fromWire(wire)).isEqualTo(name);
    }
  }

  @Test
  void namesWindowsCanHold_passUnchanged() {
    for (String ok : new String[] {"Clip.MOV", "trailing.", "trailing ", "CON", "nul.txt", "日本語.txt", "a\uF028b",
        "\uD83C\uDFAC.mp4"}) {
      assertThat(WireNames.toWire(ok)).isSameAs(ok);
    }
    // U+F028/U+F029 (SFM's trailing space and dot) are not mapped: trailing dots and spaces are legal NTFS names.
    assertThat(WireNames.fromWire("a\uF028b\uF029")).isEqualTo("a\uF028b\uF029");
  }

  @Test
  void mixedName_roundTrips() {
    String name = "take 1: \"final\" <v2>?.mov";
    String wire = WireNames.toWire(name);
    assertThat(wire).doesNotContain(":", "\"", "<", ">", "?");
    assertThat(wire).hasSameSizeAs(name);
    assertThat(WireNames.fromWire(wire)).isEqualTo(name);
  }
}
