package dev.estuary.dfs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.Proxy;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@link Volume#mkdirs}'s default walk, over a tree of a few directories that records each call:
 * existing components are looked up, not created (a PUT under an existing prefix makes no
 * failing mkdir), missing ones are created, and a component created concurrently is found.
 */
class VolumeMkdirsTest {
  private static final ObjectId ROOT = new ObjectId(1, 1);
  private final Map<String, Attributes> entries = new HashMap<>(); // "parentLo/name" -> attributes
  private final List<String> calls = new ArrayList<>();
  private long next = 2;
  /** Names whose next mkdir loses a race: the directory appears just before it. */
  private final List<String> raced = new ArrayList<>();

  private static Attributes attributes(ObjectId id, ObjectType type) {
    Instant t = Instant.EPOCH;
    return new Attributes(id, type, 0755, 0, 0, 0, 0, t, t, t, t, 1, id.lo(),
        type == ObjectType.DIRECTORY ? 2 : 1);
  }

  private Attributes add(ObjectId parent, String name, ObjectType type) {
    Attributes a = attributes(new ObjectId(1, next++), type);
    entries.put(parent.lo() + "/" + name, a);
    return a;
  }

  private final Volume volume = (Volume) Proxy.newProxyInstance(Volume.class.getClassLoader(),
      new Class<?>[] {Volume.class}, (proxy, method, args) -> {
        if (method.isDefault()) {
          return java.lang.reflect.InvocationHandler.invokeDefault(proxy, method, args);
        }
        return switch (method.getName()) {
          case "root" -> ROOT;
          case "getAttributes" -> attributes((ObjectId) args[0], ObjectType.DIRECTORY);
          case "lookup" -> {
            calls.add("lookup " + args[1]);
            Attributes a = entries.get(((ObjectId) args[0]).lo() + "/" + args[1]);
            if (a == null) {
              throw new DfsException(ErrorKind.NOT_FOUND, "name: '" + args[1] + "' does not exist");
            }
            yield a;
          }
          case "mkdir" -> {
            calls.add("mkdir " + args[1]);
            String name = (String) args[1];
            if (raced.remove(name)) {
              add((ObjectId) args[0], name, ObjectType.DIRECTORY);
            }
            if (entries.containsKey(((ObjectId) args[0]).lo() + "/" + name)) {
              throw new DfsException(ErrorKind.EXISTS, "name: '" + name + "' exists");
            }
            yield add((ObjectId) args[0], name, ObjectType.DIRECTORY);
          }
          default -> throw new UnsupportedOperationException(method.getName());
        };
      });

  @Test
  void existingDirectories_areLookedUpNeverCreated() {
    Attributes a = add(ROOT, "a", ObjectType.DIRECTORY);
    Attributes b = add(a.id(), "b", ObjectType.DIRECTORY);

    assertThat(volume.mkdirs("a/b", 0755, Ownership.ROOT).id()).isEqualTo(b.id());
    assertThat(calls).containsExactly("lookup a", "lookup b");
  }

  @Test
  void missingDirectories_areCreatedAfterTheirLookup() {
    Attributes a = add(ROOT, "a", ObjectType.DIRECTORY);

    Attributes c = volume.mkdirs("a//b/c/", 0755, Ownership.ROOT);

    assertThat(calls).containsExactly("lookup a", "lookup b", "mkdir b", "lookup c", "mkdir c");
    Attributes b = entries.get(a.id().lo() + "/b");
    assertThat(entries.get(b.id().lo() + "/c").id()).isEqualTo(c.id());
  }

  @Test
  void aDirectoryCreatedConcurrently_isFound() {
    raced.add("a");

    Attributes a = volume.mkdirs("a", 0755, Ownership.ROOT);

    assertThat(calls).containsExactly("lookup a", "mkdir a", "lookup a");
    assertThat(a.id()).isEqualTo(entries.get(ROOT.lo() + "/a").id());
  }

  @Test
  void aFileOnThePath_failsNotDirectory() {
    add(ROOT, "f", ObjectType.FILE);

    assertThatThrownBy(() -> volume.mkdirs("f/g", 0755, Ownership.ROOT))
        .isInstanceOfSatisfying(DfsException.class,
            e -> assertThat(e.kind()).isEqualTo(ErrorKind.NOT_DIRECTORY))
        .hasMessageContaining("'f' of 'f/g' is a FILE");
    assertThat(calls).containsExactly("lookup f");
  }
}
