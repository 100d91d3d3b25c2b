package dev.estuary.dfs.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.estuary.dfs.Attributes;
import dev.estuary.dfs.ErrorKind;
import dev.estuary.dfs.Limits;
import dev.estuary.dfs.Location;
import dev.estuary.dfs.ObjectId;
import dev.estuary.dfs.RemoveKind;
import dev.estuary.dfs.RenameMode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Paths and parents: {@link dev.estuary.dfs.Volume#resolve} with symlinks and loops, {@link
 * dev.estuary.dfs.Volume#mkdirs}, deep trees and {@link dev.estuary.dfs.Volume#location}.
 */
public abstract class PathContract extends DfsContractSupport {

  private static final int DEPTH = 200;

  @Test
  void mkdirs_depth200_resolvesAndWalksBackToRootByLocation() {
    String path = String.join("/", Collections.nCopies(DEPTH, "d"));
    Attributes deepest = volume.mkdirs(path, 0700, OWNER);
    ObjectId leaf = createFile(deepest.id(), "leaf", new byte[] {42}).id();

    assertThat(volume.resolve("/" + path + "/leaf", true).id()).isEqualTo(leaf);
    List<ObjectId> chain = new ArrayList<>();
    ObjectId at = leaf;
    for (Optional<Location> loc = volume.location(at); loc.isPresent(); loc = volume.location(at)) {
      assertThat(loc.get().name()).isEqualTo(chain.isEmpty() ? "leaf" : "d");
      at = loc.get().parent();
      chain.add(at);
      assertThat(chain.size()).as("parents of leaf").isLessThanOrEqualTo(DEPTH + 1);
    }
    assertThat(chain).hasSize(DEPTH + 1).endsWith(root);
    assertThat(readAll(leaf)).containsExactly(42);
  }

  @Test
  void mkdirs_existingPrefix_keepsExistingDirectoriesAndCreatesTheRest() {
    Attributes a = volume.mkdir(root, "a", 0711, OWNER);

    Attributes c = volume.mkdirs("a//b/c/", 0755, OWNER);

    assertThat(volume.lookup(root, "a").id()).isEqualTo(a.id());
    assertThat(volume.lookup(root, "a").mode()).isEqualTo(0711);
    assertThat(volume.resolve("a/b/c", true).id()).isEqualTo(c.id());
    assertThat(volume.mkdirs("a/b/c", 0755, OWNER).id()).isEqualTo(c.id());
  }

  @Test
  void mkdirs_throughAFile_failsNotDirectory() {
    mkdir(root, "a");
    createFile(volume.lookup(root, "a").id(), "f");

    assertKind(ErrorKind.NOT_DIRECTORY, () -> volume.mkdirs("a/f/g", 0755, OWNER));
  }

  @Test
  void resolve_dotsAndRepeatedSlashes_areNormalisedWithinTheVolume() {
    ObjectId b = volume.mkdirs("a/b", 0755, OWNER).id();
    ObjectId f = createFile(b, "f").id();

    assertThat(volume.resolve("/a/b/f", true).id()).isEqualTo(f);
    assertThat(volume.resolve("a//b/./f", true).id()).isEqualTo(f);
    assertThat(volume.resolve("a/b/../b/f", true).id()).isEqualTo(f);
    assertThat(volume.resolve("/../../a/./b/f", true).id()).isEqualTo(f);
    assertThat(volume.resolve("/", true).id()).isEqualTo(root);
    assertThat(volume.resolve("", true).id()).isEqualTo(root);
    assertThat(volume.resolve("..", true).id()).isEqualTo(root);
  }

  @Test
  void resolve_missingComponent_failsNotFound() {
    volume.mkdirs("a/b", 0755, OWNER);

    assertKind(ErrorKind.NOT_FOUND, () -> volume.resolve("/a/x/b", true));
    assertKind(ErrorKind.NOT_FOUND, () -> volume.resolve("/a/b/x", true));
  }

  @Test
  void resolve_throughAFile_failsNotDirectory() {
    createFile(root, "f");

    assertKind(ErrorKind.NOT_DIRECTORY, () -> volume.resolve("/f/x", true));
  }

  @Test
  void resolve_symlinksInTheMiddle_followRelativeAndAbsoluteTargets() {
    ObjectId c = volume.mkdirs("a/b/c", 0755, OWNER).id();
    ObjectId f = createFile(c, "f").id();
    ObjectId a = volume.lookup(root, "a").id();
    volume.symlink(root, "abs", "/a/b", OWNER);
    volume.symlink(a, "rel", "b/c", OWNER);
    volume.symlink(c, "up", "../../b/c/f", OWNER);

    assertThat(volume.resolve("/abs/c/f", true).id()).isEqualTo(f);
    assertThat(volume.resolve("/a/rel/f", true).id()).isEqualTo(f);
    assertThat(volume.resolve("/a/b/c/up", true).id()).isEqualTo(f);
  }

  @Test
  void resolve_symlinkAtTheEnd_isFollowedOnlyWhenAsked() {
    ObjectId f = createFile(root, "f").id();
    ObjectId l = volume.symlink(root, "l", "f", OWNER).id();

    assertThat(volume.resolve("/l", true).id()).isEqualTo(f);
    assertThat(volume.resolve("/l", false).id()).isEqualTo(l);
  }

  @Test
  void resolve_danglingSymlink_failsNotFoundOnlyWhenFollowed() {
    ObjectId l = volume.symlink(root, "dangling", "nowhere", OWNER).id();

    assertKind(ErrorKind.NOT_FOUND, () -> volume.resolve("/dangling", true));
    assertThat(volume.resolve("/dangling", false).id()).isEqualTo(l);
  }

  @Test
  void resolve_symlinkLoops_failTooManyLinks() {
    volume.symlink(root, "self", "self", OWNER);
    volume.symlink(root, "ping", "pong", OWNER);
    volume.symlink(root, "pong", "/ping", OWNER);
    volume.symlink(root, "dirloop", "./dirloop/x", OWNER);

    assertKind(ErrorKind.TOO_MANY_LINKS, () -> volume.resolve("/self", true));
    assertKind(ErrorKind.TOO_MANY_LINKS, () -> volume.resolve("/ping", true));
    assertKind(ErrorKind.TOO_MANY_LINKS, () -> volume.resolve("/self/x", false));
    assertKind(ErrorKind.TOO_MANY_LINKS, () -> volume.resolve("/dirloop", true));
  }

  @Test
  void resolve_chainOfMaxFollows_succeedsAndOneMoreFailsTooManyLinks() {
    ObjectId f = createFile(root, "l0").id();
    for (int i = 1; i <= Limits.MAX_SYMLINK_FOLLOWS + 1; i++) {
      volume.symlink(root, "l" + i, "l" + (i - 1), OWNER);
    }

    assertThat(volume.resolve("/l" + Limits.MAX_SYMLINK_FOLLOWS, true).id()).isEqualTo(f);
    assertKind(
        ErrorKind.TOO_MANY_LINKS,
        () -> volume.resolve("/l" + (Limits.MAX_SYMLINK_FOLLOWS + 1), true));
  }

  @Test
  void location_ofRootAndNamedObjects_pointsToParentAndName() {
    ObjectId d = mkdir(root, "d").id();
    ObjectId f = createFile(d, "f").id();
    ObjectId l = volume.symlink(d, "l", "f", OWNER).id();

    assertThat(volume.location(root)).isEmpty();
    assertThat(volume.location(d)).contains(new Location(root, "d"));
    assertThat(volume.location(f)).contains(new Location(d, "f"));
    assertThat(volume.location(l)).contains(new Location(d, "l"));
  }

  @Test
  void location_afterRenames_followsTheObject() {
    ObjectId d1 = mkdir(root, "d1").id();
    ObjectId d2 = mkdir(root, "d2").id();
    ObjectId f = createFile(d1, "f").id();
    ObjectId sub = mkdir(d1, "sub").id();
    ObjectId inner = createFile(sub, "inner").id();

    volume.rename(d1, "f", d2, "g", RenameMode.NO_REPLACE);
    volume.rename(d1, "sub", d2, "moved", RenameMode.REPLACE);

    assertThat(volume.location(f)).contains(new Location(d2, "g"));
    assertThat(volume.location(sub)).contains(new Location(d2, "moved"));
    assertThat(volume.location(inner)).contains(new Location(sub, "inner"));
    assertThat(volume.resolve("/d2/moved/inner", true).id()).isEqualTo(inner);
  }

  @Test
  void location_ofRemovedObject_failsStale() {
    ObjectId f = createFile(root, "f").id();
    volume.remove(root, "f", RemoveKind.ANY);

    assertKind(ErrorKind.STALE, () -> volume.location(f));
  }

  @Test
  void resolve_pathOverLimit_failsNameTooLong() {
    String longPath = "a/".repeat(Limits.MAX_PATH_BYTES / 2) + "b";

    assertKind(ErrorKind.NAME_TOO_LONG, () -> volume.resolve(longPath, true));
  }
}
