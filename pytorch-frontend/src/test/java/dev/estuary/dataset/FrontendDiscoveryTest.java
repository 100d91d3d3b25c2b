package dev.estuary.dataset;

import static org.assertj.core.api.Assertions.assertThat;

import dev.estuary.core.Frontend;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

/** The launcher finds the frontend by ServiceLoader under its documented name and port. */
class FrontendDiscoveryTest {
  @Test
  void datasetFrontendIsDiscoverable() {
    assertThat(ServiceLoader.load(Frontend.class).stream().map(ServiceLoader.Provider::get)
        .filter(f -> f.name().equals("dataset")).toList())
        .singleElement()
        .satisfies(f -> {
          assertThat(f).isInstanceOf(DatasetFrontend.class);
          assertThat(f.defaultPort()).isEqualTo(9190);
        });
  }
}
