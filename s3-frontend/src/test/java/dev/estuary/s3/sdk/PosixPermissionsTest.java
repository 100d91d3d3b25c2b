package dev.estuary.s3.sdk;

import static dev.estuary.s3.testing.S3Errors.assertError;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.estuary.core.Permission;
import dev.estuary.core.S3Credentials;
import dev.estuary.core.Secret;
import dev.estuary.core.User;
import dev.estuary.core.UserStore;
import dev.estuary.core.VolumeDefaults;
import dev.estuary.dfs.Attributes;
import dev.estuary.dfs.FileHandle;
import dev.estuary.dfs.OpenMode;
import dev.estuary.dfs.Ownership;
import dev.estuary.dfs.SetAttributes;
import dev.estuary.dfs.Volume;
import dev.estuary.s3.testing.S3TestServer;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.OptionalInt;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * POSIX mode bits and ownership through S3 (issue 9): files other protocols made private are
 * private to S3 too, while what S3 creates follows the volume's defaults, so users granted write
 * share a bucket as in AWS. "NFS" here is a file written straight through dfs-api with the owner
 * and mode an NFS or SMB client would have set.
 */
class PosixPermissionsTest {
  @RegisterExtension static final S3TestServer S3 = new S3TestServer();

  static String bucket;
  static Volume volume;
  static User alice;
  static User bob;
  static S3Client asAlice;
  static S3Client asBob;
  static S3Client asCarol;

  @BeforeAll
  static void users() {
    bucket = S3.createBucket("posix");
    volume = S3.dfs().orElseThrow().volume(bucket);
    UserStore users = S3.users().orElseThrow();
    alice = add(users, "alice", Permission.WRITE);
    bob = add(users, "bob", Permission.WRITE);
    add(users, "carol", Permission.ADMIN);
    asAlice = S3.clientFor(keys("alice"));
    asBob = S3.clientFor(keys("bob"));
    asCarol = S3.clientFor(keys("carol"));
  }

  private static User add(UserStore users, String name, Permission grant) {
    User u = users.add(name, name + "-password", OptionalInt.empty(), OptionalInt.empty(), false,
        new S3Credentials(keys(name).accessKeyId(), new Secret(keys(name).secretAccessKey())));
    users.grant(name, bucket, grant);
    return u;
  }

  private static AwsBasicCredentials keys(String name) {
    return AwsBasicCredentials.create("AKPOSIXTESTUSER" + name.toUpperCase(java.util.Locale.ROOT),
        name + "-secret-key-0123456789");
  }

  /** Writes a file as an NFS client of {@code owner} would: its own mode, its own group. */
  private static Attributes nfsFile(String dir, int dirMode, String name, int mode, User owner,
      String content) {
    Ownership own = new Ownership(owner.uid(), owner.gid());
    Attributes d = volume.mkdirs(dir, dirMode, own);
    Attributes f = volume.create(d.id(), name, mode, own, true);
    try (FileHandle h = volume.open(f.id(), OpenMode.WRITE)) {
      h.write(0, ByteBuffer.wrap(content.getBytes(StandardCharsets.UTF_8)));
      h.sync();
    }
    return f;
  }

  private static String get(S3Client c, String key) {
    return c.getObjectAsBytes(b -> b.bucket(bucket).key(key)).asUtf8String();
  }

  @Test
  void aPrivateFileOfAnotherUserIsForbiddenToS3Readers() {
    // 0775 directory in the volume's group, as a shared project directory would be.
    int volumeGid = VolumeDefaults.read(volume).gid();
    Attributes dir = volume.mkdirs("nfs", 0775, new Ownership(alice.uid(), volumeGid));
    assertThat(dir.gid()).isEqualTo(volumeGid);
    nfsFile("nfs", 0775, "secret.txt", 0600, alice, "alice only");

    assertError(S3, catchThrowable(() -> get(asBob, "nfs/secret.txt")), 403, "AccessDenied");
    // HEAD answers have no body: the status is all there is.
    assertThat(catchThrowable(() -> asBob.headObject(b -> b.bucket(bucket).key("nfs/secret.txt"))))
        .isInstanceOfSatisfying(software.amazon.awssdk.services.s3.model.S3Exception.class,
            e -> assertThat(e.statusCode()).isEqualTo(403));
    assertError(S3, catchThrowable(() -> asBob.copyObject(b -> b.sourceBucket(bucket)
        .sourceKey("nfs/secret.txt").destinationBucket(bucket).destinationKey("stolen.txt"))),
        403, "AccessDenied");
    assertError(S3, catchThrowable(() -> asBob.getObjectTagging(b -> b.bucket(bucket)
        .key("nfs/secret.txt"))), 403, "AccessDenied");
    assertThat(asBob.listObjectsV2(b -> b.bucket(bucket).prefix("stolen")).contents()).isEmpty();
    // The name is listed (as ls shows it); the bytes are not given.
    assertThat(asBob.listObjectsV2(b -> b.bucket(bucket).prefix("nfs/")).contents())
        .extracting(S3Object::key).containsExactly("nfs/secret.txt");

    assertThat(get(asAlice, "nfs/secret.txt")).isEqualTo("alice only");
    assertThat(get(S3.client(), "nfs/secret.txt")).isEqualTo("alice only"); // gateway admin
    assertThat(get(asCarol, "nfs/secret.txt")).isEqualTo("alice only"); // volume admin
  }

  @Test
  void replacingAndDeletingFollowTheDirectoryAndItsStickyBit() {
    int volumeGid = VolumeDefaults.read(volume).gid();
    volume.mkdirs("shared", 0775, new Ownership(alice.uid(), volumeGid));
    nfsFile("shared", 0775, "mine.txt", 0600, alice, "v1");
    // The directory is writable by the volume's group: bob may replace alice's private file...
    asBob.putObject(b -> b.bucket(bucket).key("shared/mine.txt"), RequestBody.fromString("bob"));
    assertThat(get(asBob, "shared/mine.txt")).isEqualTo("bob");
    nfsFile("shared", 0775, "other.txt", 0600, alice, "v1");
    // ...and delete it, as rm in a directory he may write.
    asBob.deleteObject(b -> b.bucket(bucket).key("shared/other.txt"));
    assertError(S3, catchThrowable(() -> get(asAlice, "shared/other.txt")), 404, "NoSuchKey");

    // In a sticky directory only the file's owner (or the directory's, or root) may.
    volume.mkdirs("tmp", 01777, new Ownership(0, 0));
    assertThat(volume.resolve("tmp", false).mode()).isEqualTo(01777);
    nfsFile("tmp", 01777, "alice.txt", 0644, alice, "sticky");
    assertError(S3, catchThrowable(() -> asBob.putObject(b -> b.bucket(bucket)
        .key("tmp/alice.txt"), RequestBody.fromString("bob"))), 403, "AccessDenied");
    assertError(S3, catchThrowable(() -> asBob.deleteObject(b -> b.bucket(bucket)
        .key("tmp/alice.txt"))), 403, "AccessDenied");
    assertThat(get(asBob, "tmp/alice.txt")).isEqualTo("sticky");
    asAlice.putObject(b -> b.bucket(bucket).key("tmp/alice.txt"), RequestBody.fromString("a2"));
    asCarol.deleteObject(b -> b.bucket(bucket).key("tmp/alice.txt"));
    assertError(S3, catchThrowable(() -> get(asAlice, "tmp/alice.txt")), 404, "NoSuchKey");

    // A directory private to alice: bob can neither write into it nor read or list it.
    nfsFile("alice-home", 0700, "notes.txt", 0644, alice, "notes");
    assertError(S3, catchThrowable(() -> asBob.putObject(b -> b.bucket(bucket)
        .key("alice-home/bob.txt"), RequestBody.fromString("x"))), 403, "AccessDenied");
    assertError(S3, catchThrowable(() -> get(asBob, "alice-home/notes.txt")), 403,
        "AccessDenied");
    assertThat(asBob.listObjectsV2(b -> b.bucket(bucket)).contents()).extracting(S3Object::key)
        .doesNotContain("alice-home/notes.txt").contains("shared/mine.txt");
    assertThat(asBob.listObjectsV2(b -> b.bucket(bucket).delimiter("/")).commonPrefixes())
        .anySatisfy(p -> assertThat(p.prefix()).isEqualTo("alice-home/"));
    assertThat(asAlice.listObjectsV2(b -> b.bucket(bucket)).contents()).extracting(S3Object::key)
        .contains("alice-home/notes.txt");
  }

  @Test
  void writersReplaceAndDeleteEachOthersObjects() {
    asAlice.putObject(b -> b.bucket(bucket).key("team/plan.txt"), RequestBody.fromString("a"));
    asAlice.putObject(b -> b.bucket(bucket).key("team/old.txt"), RequestBody.fromString("a"));
    asBob.putObject(b -> b.bucket(bucket).key("team/plan.txt"), RequestBody.fromString("b"));
    assertThat(get(asAlice, "team/plan.txt")).isEqualTo("b");
    asBob.deleteObject(b -> b.bucket(bucket).key("team/old.txt"));
    assertError(S3, catchThrowable(() -> get(asAlice, "team/old.txt")), 404, "NoSuchKey");
    asAlice.deleteObject(b -> b.bucket(bucket).key("team/plan.txt"));
    assertThat(asAlice.listObjectsV2(b -> b.bucket(bucket).prefix("team/")).contents()).isEmpty();
  }

  @Test
  void whatS3CreatesGetsTheVolumeDefaults() {
    int volumeGid = VolumeDefaults.read(volume).gid();
    Attributes root = volume.getAttributes(volume.root());
    assertThat(root.mode()).isEqualTo(0775);
    assertThat(root.gid()).isEqualTo(volumeGid);
    asAlice.putObject(b -> b.bucket(bucket).key("made/by/s3.txt"), RequestBody.fromString("x"));
    for (String dir : new String[] {"made", "made/by"}) {
      Attributes d = volume.resolve(dir, false);
      assertThat(d.mode()).as(dir).isEqualTo(0775);
      assertThat(d.uid()).as(dir).isEqualTo(alice.uid());
      assertThat(d.gid()).as(dir).isEqualTo(volumeGid);
    }
    Attributes f = volume.resolve("made/by/s3.txt", false);
    assertThat(f.mode()).isEqualTo(0664);
    assertThat(f.uid()).isEqualTo(alice.uid());
    assertThat(f.gid()).isEqualTo(volumeGid);
    asAlice.putObject(b -> b.bucket(bucket).key("folder/"), RequestBody.empty());
    assertThat(volume.resolve("folder", false).mode()).isEqualTo(0775);
  }

  @Test
  void storedDefaultsApplyToObjectsAndCopies() {
    String b2 = S3.createBucket("posix-defaults");
    Volume v2 = S3.dfs().orElseThrow().volume(b2);
    S3.users().orElseThrow().grant("alice", b2, Permission.WRITE);
    // An administrator gives the volume another group and narrower modes.
    new VolumeDefaults(0640, 02750, 4242).write(v2);
    v2.setAttributes(v2.root(), SetAttributes.builder().gid(4242).build());
    asAlice.putObject(b -> b.bucket(b2).key("d/f.txt"), RequestBody.fromString("x"));
    Attributes f = v2.resolve("d/f.txt", false);
    assertThat(f.mode()).isEqualTo(0640);
    assertThat(f.gid()).isEqualTo(4242);
    assertThat(v2.resolve("d", false).mode()).isEqualTo(02750);
    asAlice.copyObject(b -> b.sourceBucket(b2).sourceKey("d/f.txt").destinationBucket(b2)
        .destinationKey("d/g.txt"));
    assertThat(v2.resolve("d/g.txt", false).mode()).isEqualTo(0640);
    assertThat(v2.resolve("d/g.txt", false).gid()).isEqualTo(4242);
  }

  @Test
  void anOlderVersionKeepsItsModeBits() {
    String versioned = S3.createBucket("posix-versions");
    UserStore users = S3.users().orElseThrow();
    users.grant("alice", versioned, Permission.WRITE);
    users.grant("bob", versioned, Permission.WRITE);
    S3.client().putBucketVersioning(b -> b.bucket(versioned).versioningConfiguration(
        c -> c.status(software.amazon.awssdk.services.s3.model.BucketVersioningStatus.ENABLED)));
    String v1 = asAlice.putObject(b -> b.bucket(versioned).key("k"),
        RequestBody.fromString("alice's first")).versionId();
    // Alice makes it private (a chmod over NFS), then writes a new version on top.
    Volume vv = S3.dfs().orElseThrow().volume(versioned);
    Attributes f = vv.lookup(vv.root(), "k");
    vv.setAttributes(f.id(), SetAttributes.builder().mode(0600).build());
    asAlice.putObject(b -> b.bucket(versioned).key("k"), RequestBody.fromString("public now"));

    assertError(S3, catchThrowable(() -> asBob.getObject(b -> b.bucket(versioned).key("k")
        .versionId(v1))), 403, "AccessDenied");
    assertThat(asAlice.getObjectAsBytes(b -> b.bucket(versioned).key("k").versionId(v1))
        .asUtf8String()).isEqualTo("alice's first");
    String md5 = dev.estuary.s3.testing.Checksums.etag("alice's first".getBytes());
    // Listed to both; its stored ETag only to who may read it, as ListObjects does.
    var asSeenByBob = asBob.listObjectVersions(b -> b.bucket(versioned)).versions();
    assertThat(asSeenByBob).extracting(o -> o.versionId()).contains(v1);
    assertThat(asSeenByBob).filteredOn(o -> o.versionId().equals(v1))
        .singleElement().satisfies(o -> assertThat(o.eTag()).isNotEqualTo(md5));
    assertThat(asAlice.listObjectVersions(b -> b.bucket(versioned)).versions())
        .filteredOn(o -> o.versionId().equals(v1))
        .singleElement().satisfies(o -> assertThat(o.eTag()).isEqualTo(md5));
  }
}
