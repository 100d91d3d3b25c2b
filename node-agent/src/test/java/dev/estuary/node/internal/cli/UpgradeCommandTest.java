package dev.estuary.node.internal.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class UpgradeCommandTest {
  @Test
  void aBareTagReplacesTheTagOfTheCurrentImage() {
    assertThat(UpgradeCommand.reference("localhost/estuary-s3:1", "2"))
        .isEqualTo("localhost/estuary-s3:2");
    assertThat(UpgradeCommand.reference("localhost:5000/estuary-s3", "2"))
        .isEqualTo("localhost:5000/estuary-s3:2");
    assertThat(UpgradeCommand.reference("localhost/estuary-s3:1", "localhost/other:3"))
        .isEqualTo("localhost/other:3");
  }
}
