package dev.estuary.s3.internal.ops;

import static org.assertj.core.api.Assertions.assertThat;

import dev.estuary.dfs.Attributes;
import dev.estuary.dfs.Dfs;
import dev.estuary.dfs.DfsException;
import dev.estuary.dfs.ForwardingDfs;
import dev.estuary.dfs.ForwardingVolume;
import dev.estuary.dfs.ObjectId;
import dev.estuary.dfs.Ownership;
import dev.estuary.dfs.RenameMode;
import dev.estuary.dfs.Volume;
import dev.estuary.s3.testing.S3TestServer;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.core.sync.RequestBody;

/**
 * What a PutObject of a new key under an existing prefix asks of the backend (issue 10, the S3
 * 4 KiB PUT): no call the backend answers with an exception (the prefix's directory is looked up,
 * not created again; the new name is not looked up before it is linked), and no read of the
 * bucket's settings on the volume root while the root is unchanged ({@link RootSettings}).
 */
class PutHotPathTest {
  /** Backend calls that ended in an exception, and root attribute reads, per volume call. */
  static final List<String> FAILED = new CopyOnWriteArrayList<>();
  static final List<String> ROOT_READS = new CopyOnWriteArrayList<>();

  @RegisterExtension
  static final S3TestServer S3 = new S3TestServer(dfs -> new ForwardingDfs(dfs) {
    @Override
    public Volume volume(String name) {
      return new Recording(super.volume(name));
    }
  });

  /** Records what reaches the engine under the frontend's own decorators. */
  static final class Recording extends ForwardingVolume {
    Recording(Volume v) {
      super(v);
    }

    @Override
    public Attributes lookup(ObjectId parent, String name) {
      try {
        return super.lookup(parent, name);
      } catch (DfsException e) {
        FAILED.add("lookup " + name + ": " + e.kind());
        throw e;
      }
    }

    @Override
    public Attributes mkdir(ObjectId parent, String name, int mode, Ownership owner) {
      try {
        return super.mkdir(parent, name, mode, owner);
      } catch (DfsException e) {
        FAILED.add("mkdir " + name + ": " + e.kind());
        throw e;
      }
    }

    @Override
    public Attributes link(ObjectId id, ObjectId parent, String name, RenameMode mode) {
      try {
        return super.link(id, parent, name, mode);
      } catch (DfsException e) {
        FAILED.add("link " + name + ": " + e.kind());
        throw e;
      }
    }

    @Override
    public byte[] getXattr(ObjectId id, String name) {
      if (id.equals(root())) {
        ROOT_READS.add("get " + name);
      }
      try {
        return super.getXattr(id, name);
      } catch (DfsException e) {
        FAILED.add("getXattr " + name + ": " + e.kind());
        throw e;
      }
    }

    @Override
    public List<String> listXattrs(ObjectId id) {
      if (id.equals(root())) {
        ROOT_READS.add("list");
      }
      return super.listXattrs(id);
    }
  }

  @Test
  void aPutOfANewKeyUnderAnExistingPrefix_failsNoBackendCallAndRereadsNoSetting() {
    S3.client().createBucket(b -> b.bucket("hot"));
    // The first PUT creates the prefix, which changes the root: the second reads the settings
    // values the first had read under the root's previous change counter.
    S3.client().putObject(b -> b.bucket("hot").key("small/first"), RequestBody.fromString("x"));
    S3.client().putObject(b -> b.bucket("hot").key("small/second"), RequestBody.fromString("x"));
    FAILED.clear();
    ROOT_READS.clear();

    for (int i = 0; i < 5; i++) {
      S3.client().putObject(b -> b.bucket("hot").key("small/" + System.nanoTime()),
          RequestBody.fromBytes(new byte[4096]));
    }

    assertThat(FAILED).isEmpty();
    assertThat(ROOT_READS).isEmpty();
    assertThat(S3.client().listObjectsV2(b -> b.bucket("hot").prefix("small/")).keyCount())
        .isEqualTo(7);
  }
}
