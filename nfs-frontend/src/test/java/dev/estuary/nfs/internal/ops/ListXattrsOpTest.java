package dev.estuary.nfs.internal.ops;

import static dev.estuary.nfs.testing.EngineFixture.ALPHA;
import static org.assertj.core.api.Assertions.assertThat;

import dev.estuary.dfs.Attributes;
import dev.estuary.dfs.Volume;
import dev.estuary.dfs.XattrMode;
import dev.estuary.nfs.internal.codec.Bytes;
import dev.estuary.nfs.internal.codec.NfsArgs;
import dev.estuary.nfs.internal.codec.NfsResult;
import dev.estuary.nfs.internal.codec.NfsStatus;
import dev.estuary.nfs.internal.codec.XdrWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ListXattrsOpTest extends HandlerTest {
    Attributes f;

    void withXattrs(String... backendNames) {
        Volume alpha = h.f.volume(ALPHA);
        f = h.f.file(ALPHA, h.root(ALPHA), "f", 0600, 1000, 1000, new byte[0]);
        for (String n : backendNames) {
            alpha.setXattr(f.id(), n, new byte[] {1}, XattrMode.UPSERT);
        }
    }

    NfsResult list(long cookie, int maxCount) {
        return h.run(h.ctxAt(ALPHA, f.id()), new NfsArgs.ListXattrs(cookie, maxCount));
    }

    static List<String> names(NfsResult r) {
        return ((NfsResult.ListXattrsOk) r.body()).names().stream().map(b -> new String(b.toArray(), StandardCharsets.UTF_8))
                .toList();
    }

    @Test
    void onlyTheUserNamespaceWithoutItsPrefix() {
        withXattrs("user.b", "estuary.s3.meta", "user.a", "trusted.x");
        NfsResult r = list(0, 4096);
        assertThat(r.status()).isEqualTo(NfsStatus.OK);
        assertThat(names(r)).containsExactly("a", "b");
        NfsResult.ListXattrsOk ok = (NfsResult.ListXattrsOk) r.body();
        assertThat(ok.eof()).isTrue();
        assertThat(ok.cookie()).isEqualTo(2);
    }

    @Test
    void pagesByMaxcountAndCookie() {
        List<String> all = new ArrayList<>();
        String[] backend = new String[20];
        for (int i = 0; i < 20; i++) {
            all.add("name-" + (char) ('a' + i) + "x".repeat(i));
            backend[i] = "user." + all.get(i);
        }
        withXattrs(backend);
        List<String> seen = new ArrayList<>();
        long cookie = 0;
        boolean eof = false;
        int pages = 0;
        while (!eof) {
            NfsResult r = list(cookie, 100);
            assertThat(r.status()).isEqualTo(NfsStatus.OK);
            NfsResult.ListXattrsOk ok = (NfsResult.ListXattrsOk) r.body();
            XdrWriter w = new XdrWriter();
            ok.encode(w);
            // The whole LISTXATTRS4resok fits in maxcount.
            assertThat(w.toByteArray().length).isLessThanOrEqualTo(100);
            assertThat(ok.names()).isNotEmpty();
            seen.addAll(names(r));
            cookie = ok.cookie();
            eof = ok.eof();
            pages++;
        }
        assertThat(pages).isGreaterThan(3);
        assertThat(seen).containsExactlyElementsOf(all);
        NfsResult end = list(20, 100);
        assertThat(names(end)).isEmpty();
        assertThat(((NfsResult.ListXattrsOk) end.body()).eof()).isTrue();
    }

    @Test
    void tooSmallAndBadCookies() {
        withXattrs("user." + "n".repeat(40));
        // 16 bytes of cookie, count and eof, then 4 + 40 for the name: 60 fits, 59 does not.
        assertThat(list(0, 60).status()).isEqualTo(NfsStatus.OK);
        assertThat(list(0, 59).status()).isEqualTo(NfsStatus.TOOSMALL);
        assertThat(list(0, 8).status()).isEqualTo(NfsStatus.TOOSMALL);
        assertThat(list(2, 4096).status()).isEqualTo(NfsStatus.BAD_COOKIE);
        assertThat(list(-1, 4096).status()).isEqualTo(NfsStatus.BAD_COOKIE);
    }

    @Test
    void thePseudoRootHasNone() {
        OpContext c = h.ctx();
        c.setCurrent(new FileRef.PseudoRoot());
        NfsResult r = h.ok(c, new NfsArgs.ListXattrs(0, 4096));
        assertThat(names(r)).isEmpty();
        assertThat(((NfsResult.ListXattrsOk) r.body()).eof()).isTrue();
    }
}
