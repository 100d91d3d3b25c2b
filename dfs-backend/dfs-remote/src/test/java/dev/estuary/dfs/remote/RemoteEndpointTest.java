package dev.estuary.dfs.remote;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.estuary.dfs.DfsException;
import dev.estuary.dfs.ErrorKind;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Endpoint specs and the provider's options: what parses, and the errors for what does not. */
class RemoteEndpointTest {
  @Test
  void parse_unixAndTcp_roundTripThroughToString() {
    assertThat(RemoteEndpoint.parse("unix:/run/estuary/engine.sock"))
        .isEqualTo(RemoteEndpoint.unix(Path.of("/run/estuary/engine.sock")));
    assertThat(RemoteEndpoint.parse("tcp://node-1:7443")).isEqualTo(RemoteEndpoint.tcp("node-1", 7443));
    assertThat(RemoteEndpoint.parse("tcp://[::1]:7443")).isEqualTo(RemoteEndpoint.tcp("::1", 7443));
    for (String spec : new String[] {"unix:/a/b.sock", "tcp://h:1", "tcp://[::1]:65535"}) {
      assertThat(RemoteEndpoint.parse(spec).toString()).isEqualTo(spec);
    }
  }

  @Test
  void parse_badSpecs_failNamingTheSpec() {
    for (String spec : new String[] {"", "unix:", "/run/x.sock", "tcp://host", "tcp://host:0",
        "tcp://host:70000", "tcp://:80", "http://host:80", "tcp://host:port"}) {
      assertThatThrownBy(() -> RemoteEndpoint.parse(spec))
          .as(spec)
          .isInstanceOfSatisfying(DfsException.class, e -> {
            assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_ARGUMENT);
            assertThat(e.getMessage()).contains("expected");
          });
    }
  }

  @Test
  void providerOptions_parseKnownOnes_refuseUnknownOnes() {
    RemoteOptions o = RemoteProvider.options(Map.of("endpoint", "unix:/x", "deadline", "500ms",
        "token", "t", "chunk-size", "65536"));
    assertThat(o.deadline()).isEqualTo(Duration.ofMillis(500));
    assertThat(o.token()).isEqualTo("t");
    assertThat(o.chunkSize()).isEqualTo(65536);
    assertThat(RemoteProvider.options(Map.of("deadline", "PT2S")).deadline()).isEqualTo(Duration.ofSeconds(2));
    assertThat(RemoteProvider.options(Map.of("deadline", "7s")).deadline()).isEqualTo(Duration.ofSeconds(7));

    assertThatThrownBy(() -> RemoteProvider.options(Map.of("endpoint", "unix:/x", "retries", "3")))
        .isInstanceOfSatisfying(DfsException.class, e -> {
          assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_ARGUMENT);
          assertThat(e.getMessage()).contains("retries");
        });
    assertThatThrownBy(() -> RemoteProvider.options(Map.of("deadline", "soon")))
        .isInstanceOf(DfsException.class).hasMessageContaining("soon");
    assertThatThrownBy(() -> RemoteProvider.options(Map.of("chunk-size", "1")))
        .isInstanceOf(DfsException.class).hasMessageContaining("chunk size");
    assertThatThrownBy(() -> RemoteProvider.endpoint(Map.of()))
        .isInstanceOf(DfsException.class).hasMessageContaining("endpoint");
  }

  @Test
  void providerOptions_directMinimum_bytesOrOff() {
    assertThat(RemoteProvider.options(Map.of()).directMinimum()).isEqualTo(RemoteOptions.DEFAULT_DIRECT_MINIMUM);
    assertThat(RemoteProvider.options(Map.of("direct-minimum", "0")).directMinimum()).isZero();
    assertThat(RemoteProvider.options(Map.of("direct-minimum", "off")).directMinimum())
        .isEqualTo(RemoteOptions.DIRECT_OFF);
    assertThatThrownBy(() -> RemoteProvider.options(Map.of("direct-minimum", "big")))
        .isInstanceOf(DfsException.class).hasMessageContaining("direct-minimum 'big'");
    assertThatThrownBy(() -> RemoteProvider.options(Map.of("direct-minimum", "-5")))
        .isInstanceOf(DfsException.class).hasMessageContaining("direct minimum: -5");
  }
}
