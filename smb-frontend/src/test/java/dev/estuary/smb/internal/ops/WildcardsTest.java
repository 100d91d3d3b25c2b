package dev.estuary.smb.internal.ops;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** [MS-FSA] 2.1.4.4 name matching through {@link Wildcards}. */
class WildcardsTest {
  private static boolean m(String pattern, String name) {
    return new Wildcards(pattern).matches(name);
  }

  @Test
  void starQuestionMarkAndCase() {
    assertThat(m("*", "anything.txt")).isTrue();
    assertThat(m("*.TXT", "notes.txt")).isTrue();
    assertThat(m("*.txt", "notes.txt.bak")).isFalse();
    assertThat(m("n?tes.*", "NOTES.md")).isTrue();
    assertThat(m("n?tes", "ntes")).isFalse();
    assertThat(m("a*b*c", "aXXbYYc")).isTrue();
    assertThat(m("a*b*c", "aXXbYY")).isFalse();
    assertThat(m("ÄBC", "äbc")).isTrue();
  }

  @Test
  void dosWildcards() {
    // DOS_STAR: any run up to the last period.
    assertThat(m("<.txt", "a.b.txt")).isTrue();
    assertThat(m("<", "a.b")).isFalse();
    assertThat(m("<.*", "a.b")).isTrue();
    // DOS_QM: one character, or none at a period or the end.
    assertThat(m("ab>>", "ab")).isTrue();
    assertThat(m("ab>>", "abcd")).isTrue();
    assertThat(m("ab>>", "abcde")).isFalse();
    assertThat(m("a>.txt", "a.txt")).isTrue();
    // DOS_DOT: a period, or nothing at the end ("*." from a client becomes <").
    assertThat(m("<\"", "noext")).isTrue();
    assertThat(m("<\"*", "name.ext")).isTrue();
    assertThat(m("abc\"", "abc")).isTrue();
    assertThat(m("abc\"txt", "abc.txt")).isTrue();
  }

  @Test
  void manyStarsStayCheap() {
    String pattern = "*a".repeat(100) + "b";
    assertThat(m(pattern, "a".repeat(200))).isFalse();
  }
}
