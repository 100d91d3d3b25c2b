package dev.estuary.nfs.internal.ops;

import static org.assertj.core.api.Assertions.assertThat;

import dev.estuary.nfs.internal.codec.NfsArgs;
import org.junit.jupiter.api.Test;

class PutPubFhOpTest extends HandlerTest {
    @Test
    void thePublicHandleIsThePseudoRoot() {
        OpContext c = h.ctx();
        h.ok(c, new NfsArgs.PutPubFh());
        assertThat(c.currentOrNull()).isEqualTo(new FileRef.PseudoRoot());
    }
}
