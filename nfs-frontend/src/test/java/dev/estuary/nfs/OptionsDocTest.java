package dev.estuary.nfs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.estuary.core.FrontendOption;
import dev.estuary.nfs.internal.server.NfsSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The NFS frontend's declared options are the ones it reads, gateway-core/CONFIG.md lists exactly them
 * as declared, their defaults are the settings' defaults, and bad values are refused.
 */
class OptionsDocTest {
    private final List<FrontendOption> options = new NfsFrontend().options();

    @Test
    void configMdHasOneRowPerDeclaredOption() throws IOException {
        List<String> rows = Files.readAllLines(Path.of("../gateway-core/CONFIG.md")).stream()
                .filter(l -> l.startsWith("| `nfs.")).toList();
        assertThat(rows).containsExactlyElementsOf(options.stream().map(o -> "| `nfs." + o.name()
                + "` | " + o.defaultValue() + " | " + o.description() + " |").toList());
    }

    @Test
    void declaredOptionsAreTheOnesTheSettingsRead() {
        Set<String> declared = options.stream().map(FrontendOption::name).collect(Collectors.toCollection(TreeSet::new));
        assertThat(declared).isEqualTo(new TreeSet<>(NfsSettings.KEYS));
    }

    @Test
    void documentedDefaultsAreTheSettingsDefaults() {
        // Every option given its documented default reads back as the built-in defaults (grace-period's
        // default is another option's value, the lease time).
        Map<String, String> defaults = options.stream().filter(o -> !o.name().equals("grace-period"))
                .collect(Collectors.toMap(FrontendOption::name, FrontendOption::defaultValue));
        assertThat(options.stream().filter(o -> o.name().equals("grace-period")).findFirst().orElseThrow()
                .defaultValue()).isEqualTo("lease-time");
        assertThat(NfsSettings.fromOptions(defaults)).isEqualTo(NfsSettings.DEFAULT);
        assertThat(NfsSettings.fromOptions(Map.of())).isEqualTo(NfsSettings.DEFAULT);
    }

    @Test
    void valuesAreReadIntoTheLimits() {
        NfsSettings s = NfsSettings.fromOptions(Map.of("lease-time", "30", "max-connections", "7", "slots", "16",
                "max-sessions-per-client", "2", "max-request-size", "65536", "idle-timeout", "5",
                "max-bytes-per-connection", "1048576"));
        assertThat(s.state().lease()).isEqualTo(Duration.ofSeconds(30));
        assertThat(s.grace()).as("a lease unless set").isEqualTo(Duration.ofSeconds(30));
        assertThat(NfsSettings.fromOptions(Map.of("grace-period", "0")).grace()).isZero();
        assertThat(s.state().maxSlots()).isEqualTo(16);
        assertThat(s.state().maxSessionsPerClient()).isEqualTo(2);
        assertThat(s.state().maxRequestSize()).isEqualTo(65536);
        assertThat(s.connections().maxConnections()).isEqualTo(7);
        assertThat(s.connections().maxBytesInFlight()).isEqualTo(1 << 20);
        assertThat(s.connections().idleTimeout()).isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void badValuesAreRefusedNamingOptionAndExpectation() {
        FrontendOption slots = options.stream().filter(o -> o.name().equals("slots")).findFirst().orElseThrow();
        assertThatThrownBy(() -> slots.check("nfs", "0"))
                .hasMessage("frontends.options: nfs.slots: '0' (expected: an integer 1-1024)");
        FrontendOption lease = options.stream().filter(o -> o.name().equals("lease-time")).findFirst().orElseThrow();
        assertThatThrownBy(() -> lease.check("nfs", "abc")).hasMessageContaining("expected: an integer 10-3600");
        assertThatThrownBy(() -> NfsSettings.fromOptions(Map.of("max-cached-response-size", "70000",
                "max-response-size", "65536")))
                .hasMessage("nfs.max-cached-response-size: 70000 (expected: at most nfs.max-response-size, 65536)");
        assertThatThrownBy(() -> NfsSettings.fromOptions(Map.of("max-sessions", "4", "max-sessions-per-client", "8")))
                .hasMessage("nfs.max-sessions-per-client: 8 (expected: at most nfs.max-sessions, 4)");
        assertThatThrownBy(() -> NfsSettings.fromOptions(Map.of("leas-time", "30")))
                .hasMessageContaining("unknown [leas-time]");
    }
}
