package dev.estuary.nfs.internal.ops;

import static dev.estuary.nfs.testing.EngineFixture.ALPHA;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.estuary.dfs.Attributes;
import dev.estuary.dfs.ObjectId;
import dev.estuary.nfs.internal.codec.Bytes;
import dev.estuary.nfs.internal.codec.NfsArgs;
import dev.estuary.nfs.internal.codec.Types;
import dev.estuary.nfs.internal.rpc.CallContext;
import dev.estuary.nfs.testing.EngineFixture;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileHandlesTest {
    @TempDir
    Path tmp;

    @Test
    void encodeDecodeRoundTripWithinNfs4FhSize() throws Exception {
        FileRef.InVolume ref = new FileRef.InVolume("v", new ObjectId(1, 2), new ObjectId(-3, 4));
        Bytes fh = FileHandles.encode(ref);
        assertThat(fh.length()).isLessThanOrEqualTo(Types.FH_SIZE);
        assertThat(FileHandles.decode(fh)).isEqualTo(new FileHandles.Decoded.InVolume(new ObjectId(1, 2),
                new ObjectId(-3, 4)));
        assertThat(FileHandles.decode(FileHandles.PSEUDO_ROOT)).isEqualTo(new FileHandles.Decoded.Root());
        byte[] truncated = fh.toArray();
        assertThatThrownBy(() -> FileHandles.decode(Bytes.of(java.util.Arrays.copyOf(truncated, 33))))
                .isInstanceOf(NfsException.class).hasMessageContaining("expected");
    }

    @Test
    void handlesSurviveARestart() {
        Bytes fh;
        Attributes a;
        try (EngineFixture f = new EngineFixture(tmp)) {
            a = f.file(ALPHA, f.volume(ALPHA).root(), "kept", 0644, 1000, 1000, new byte[] {7});
            fh = FileHandles.encode(new FileRef.InVolume(ALPHA, f.volume(ALPHA).root(), a.id()));
        }
        try (EngineFixture again = EngineFixture.reopen(tmp)) {
            NfsServices services = again.services();
            OpContext c = new OpContext(services, new CallContext(1, Harness.USER,
                    new InetSocketAddress("127.0.0.1", 700), null, 100), 1);
            assertThat(OperationTable.standard().execute(c, new NfsArgs.PutFh(fh)).status())
                    .isEqualTo(dev.estuary.nfs.internal.codec.NfsStatus.OK);
            assertThat(c.currentOrNull()).isEqualTo(new FileRef.InVolume(ALPHA, again.volume(ALPHA).root(), a.id()));
        }
    }
}
