package dev.estuary.nfs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.estuary.core.Authorizer;
import dev.estuary.core.BackendConfig;
import dev.estuary.core.Frontend;
import dev.estuary.core.FrontendContext;
import dev.estuary.core.FrontendSelection;
import dev.estuary.core.GatewayConfig;
import dev.estuary.core.RunningFrontend;
import dev.estuary.nfs.internal.codec.Bytes;
import dev.estuary.nfs.internal.codec.CompoundRes;
import dev.estuary.nfs.internal.codec.NfsArgs;
import dev.estuary.nfs.internal.codec.NfsResult;
import dev.estuary.nfs.internal.codec.NfsStatus;
import dev.estuary.nfs.internal.codec.Types.ChannelAttrs;
import dev.estuary.nfs.internal.codec.Types.ClientOwner;
import dev.estuary.nfs.internal.codec.Types.StateProtectArgs;
import dev.estuary.nfs.internal.server.ServerIdentity;
import dev.estuary.nfs.testing.EngineFixture;
import dev.estuary.nfs.testing.NfsTestClient;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The registered {@code nfs} frontend as the launcher starts it: found through ServiceLoader, on the
 * port it is given, with its options, a server owner persisted in the data directory and metrics in the
 * shared registry.
 */
class NfsFrontendTest {
    @TempDir
    Path tmp;
    EngineFixture f;
    final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    @BeforeEach
    void open() {
        f = new EngineFixture(tmp);
    }

    @AfterEach
    void close() throws Exception {
        executor.shutdownNow();
        f.close();
    }

    private RunningFrontend start(Path data, Map<String, String> options) throws Exception {
        Map<String, String> prefixed = new java.util.TreeMap<>();
        options.forEach((k, v) -> prefixed.put("nfs." + k, v));
        GatewayConfig config = new GatewayConfig(data, "127.0.0.1", 0, new BackendConfig("engine", Map.of()),
                FrontendSelection.of(java.util.Set.of("nfs")), Map.of(), "info", prefixed);
        return new NfsFrontend().start(new FrontendContext(f.dfs, config, f.users, new Authorizer(), registry, f.clock,
                executor, InetAddress.getLoopbackAddress(), 0));
    }

    private static InetSocketAddress address(RunningFrontend running) {
        URI url = URI.create(running.endpoints().getFirst().url());
        return new InetSocketAddress(url.getHost(), url.getPort());
    }

    private static NfsResult.ExchangeIdOk exchangeId(InetSocketAddress server) throws Exception {
        try (NfsTestClient client = new NfsTestClient(server, 1000, 1000)) {
            CompoundRes res = client.call(new NfsArgs.ExchangeId(new ClientOwner(Bytes.utf8("verifier"),
                    Bytes.utf8("frontend-test")), 0, new StateProtectArgs.None(), null));
            assertThat(res.status()).isEqualTo(NfsStatus.OK);
            return (NfsResult.ExchangeIdOk) res.results().getFirst().body();
        }
    }

    @Test
    void isFoundByServiceLoaderAsNfsOnPort2049() {
        List<Frontend> found = ServiceLoader.load(Frontend.class).stream().map(ServiceLoader.Provider::get)
                .filter(fr -> fr.name().equals("nfs")).toList();
        assertThat(found).hasSize(1);
        assertThat(found.getFirst()).isInstanceOf(NfsFrontend.class);
        assertThat(found.getFirst().defaultPort()).isEqualTo(2049);
        assertThat(GatewayConfig.KNOWN_FRONTENDS).contains(found.getFirst().name());
    }

    @Test
    void serverOwnerAndScopeSurviveARestartAndDifferBetweenInstallations() throws Exception {
        Path data = tmp.resolve("data-1");
        Bytes first;
        RunningFrontend running = start(data, Map.of());
        try {
            assertThat(running.endpoints().getFirst().url()).startsWith("nfs://127.0.0.1:");
            assertThat(running.healthy()).isTrue();
            NfsResult.ExchangeIdOk ok = exchangeId(address(running));
            first = ok.serverOwner().majorId();
            assertThat(ok.serverScope()).isEqualTo(first);
            assertThat(new String(first.toArray(), StandardCharsets.US_ASCII))
                    .isEqualTo(Files.readString(data.resolve(ServerIdentity.FILE)).strip())
                    .matches("estuary-[0-9a-f]{32}");
        } finally {
            running.stop(Duration.ZERO);
        }
        assertThat(running.healthy()).isFalse();

        RunningFrontend again = start(data, Map.of());
        try {
            assertThat(exchangeId(address(again)).serverOwner().majorId()).isEqualTo(first);
        } finally {
            again.stop(Duration.ZERO);
        }
        RunningFrontend other = start(tmp.resolve("data-2"), Map.of());
        try {
            assertThat(exchangeId(address(other)).serverOwner().majorId()).isNotEqualTo(first);
        } finally {
            other.stop(Duration.ZERO);
        }
    }

    @Test
    void aDamagedServerOwnerFileStopsTheStartNamingIt() throws Exception {
        Path data = tmp.resolve("data");
        Files.createDirectories(data.resolve("nfs"));
        Files.writeString(data.resolve(ServerIdentity.FILE), "someone else's\n");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> start(data, Map.of()))
                .isInstanceOf(IOException.class)
                .hasMessageContaining(data.resolve(ServerIdentity.FILE).toString())
                .hasMessageContaining("expected: estuary- and 32 hex digits");
    }

    @Test
    void optionsReachTheServerAndRequestsAreCountedAsFrontendNfs() throws Exception {
        RunningFrontend running = start(tmp.resolve("data"), Map.of("lease-time", "33", "slots", "4",
                "max-connections", "1"));
        try {
            InetSocketAddress server = address(running);
            try (NfsTestClient client = new NfsTestClient(server, 1000, 1000)) {
                client.establish("options-test");
                CompoundRes res = client.compound(new NfsArgs.PutRootFh(), new NfsArgs.GetFh());
                assertThat(res.status()).isEqualTo(NfsStatus.OK);
                NfsResult.SequenceOk seq = (NfsResult.SequenceOk) res.results().getFirst().body();
                assertThat(seq.highestSlotId()).as("the slot table nfs.slots granted: slots 0..3").isEqualTo(3);
                // max-connections 1: a second connection is closed at accept.
                try (Socket second = new Socket()) {
                    second.connect(server, 10_000);
                    second.setSoTimeout(20_000);
                    assertThat(second.getInputStream().read()).isEqualTo(-1);
                }
            }
            assertThat(registry.get("estuary.nfs.requests").tag("op", "putrootfh").tag("status", "OK").counter()
                    .count()).isEqualTo(1.0);
        } finally {
            running.stop(Duration.ZERO);
        }
    }

    @Test
    void sessionLimitsOfTheOptionsAreEnforced() throws Exception {
        RunningFrontend running = start(tmp.resolve("data"), Map.of("max-sessions-per-client", "1",
                "max-request-size", "65536"));
        try (NfsTestClient client = new NfsTestClient(address(running), 1000, 1000)) {
            CompoundRes x = client.call(new NfsArgs.ExchangeId(new ClientOwner(Bytes.utf8("verifier"),
                    Bytes.utf8("session-limits")), 0, new StateProtectArgs.None(), null));
            NfsResult.ExchangeIdOk ok = (NfsResult.ExchangeIdOk) x.results().getFirst().body();
            // Linux asks for 1 MiB + headers; the server grants no more than max-request-size.
            ChannelAttrs fore = new ChannelAttrs(0, 1049620, 1049480, 8192, 8, 64, null);
            ChannelAttrs back = new ChannelAttrs(0, 4096, 4096, 0, 2, 16, null);
            CompoundRes first = client.call(new NfsArgs.CreateSession(ok.clientId(), ok.sequenceId(), 0, fore, back,
                    0x40000000, List.of()));
            assertThat(first.status()).isEqualTo(NfsStatus.OK);
            NfsResult.CreateSessionOk session = (NfsResult.CreateSessionOk) first.results().getFirst().body();
            assertThat(session.foreChannel().maxRequestSize()).isEqualTo(65536);
            CompoundRes second = client.call(new NfsArgs.CreateSession(ok.clientId(), ok.sequenceId() + 1, 0, fore,
                    back, 0x40000000, List.of()));
            assertThat(second.status()).as("a second session beyond max-sessions-per-client 1")
                    .isEqualTo(NfsStatus.NOSPC);
        } finally {
            running.stop(Duration.ZERO);
        }
    }
}
