package dev.estuary.dfs.decorate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.estuary.dfs.Dfs;
import dev.estuary.dfs.DfsException;
import dev.estuary.dfs.DirCursor;
import dev.estuary.dfs.ErrorKind;
import dev.estuary.dfs.FileHandle;
import dev.estuary.dfs.ForwardingFileHandle;
import dev.estuary.dfs.ObjectId;
import dev.estuary.dfs.OpenMode;
import dev.estuary.dfs.Ownership;
import dev.estuary.dfs.RemoveKind;
import dev.estuary.dfs.RenameMode;
import dev.estuary.dfs.Volume;
import dev.estuary.dfs.XattrMode;
import java.lang.reflect.Proxy;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

/**
 * {@link CheckedDfs} alone, over a backend that accepts anything and records what reaches it:
 * every bad argument and bad handle state is refused before the backend is called, with the
 * contract's error kind.
 */
class CheckedDfsTest {
  private static final ObjectId ID = new ObjectId(1, 2);
  private final List<String> reached = new ArrayList<>();

  /** A backend object of the given interface that records each call and returns a default. */
  private <T> T recorder(Class<T> type) {
    return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type},
        (proxy, method, args) -> {
          if (!List.of("id", "mode", "toString", "hashCode", "equals").contains(method.getName())) {
            reached.add(type.getSimpleName() + "." + method.getName());
          }
          return switch (method.getName()) {
            case "volume" -> recorder(Volume.class);
            case "open" -> handle((OpenMode) args[1]);
            case "mode" -> OpenMode.READ_WRITE;
            case "id" -> ID;
            case "toString" -> type.getSimpleName();
            case "hashCode" -> 0;
            case "equals" -> proxy == args[0];
            default -> method.getReturnType() == int.class ? 0
                : method.getReturnType() == long.class ? 0L
                : method.getReturnType() == boolean.class ? false : null;
          };
        }));
  }

  private FileHandle handle(OpenMode mode) {
    FileHandle h = recorder(FileHandle.class);
    return new ForwardingFileHandle(h) {
      @Override
      public OpenMode mode() {
        return mode;
      }
    };
  }

  private void refused(ErrorKind kind, ThrowingCallable call) {
    reached.clear();
    assertThatThrownBy(call).isInstanceOfSatisfying(DfsException.class,
        e -> assertThat(e.kind()).as(e.getMessage()).isEqualTo(kind));
    assertThat(reached).as("calls that reached the backend").isEmpty();
  }

  @Test
  void badArgumentsNeverReachTheBackend() {
    Dfs dfs = new CheckedDfs(recorder(Dfs.class));
    Volume v = dfs.volume("vol");
    String tooLong = "x".repeat(256);
    refused(ErrorKind.INVALID_ARGUMENT, () -> dfs.createVolume("a/b", 0755, Ownership.ROOT));
    refused(ErrorKind.INVALID_ARGUMENT, () -> dfs.createVolume("vol", 010000, Ownership.ROOT));
    refused(ErrorKind.INVALID_ARGUMENT, () -> v.lookup(ID, "a/b"));
    refused(ErrorKind.NAME_TOO_LONG, () -> v.lookup(ID, tooLong));
    refused(ErrorKind.INVALID_ARGUMENT, () -> v.create(ID, "..", 0644, Ownership.ROOT, true));
    refused(ErrorKind.INVALID_ARGUMENT, () -> v.create(ID, "f", 0100644, Ownership.ROOT, true));
    refused(ErrorKind.INVALID_ARGUMENT, () -> v.mkdir(ID, "", 0755, Ownership.ROOT));
    refused(ErrorKind.INVALID_ARGUMENT, () -> v.symlink(ID, "l", "", Ownership.ROOT));
    refused(ErrorKind.INVALID_ARGUMENT, () -> v.remove(ID, ".", RemoveKind.ANY));
    refused(ErrorKind.INVALID_ARGUMENT, () -> v.rename(ID, "a", ID, "b/c", RenameMode.REPLACE));
    refused(ErrorKind.INVALID_ARGUMENT, () -> v.createUnlinked(-1, Ownership.ROOT));
    refused(ErrorKind.INVALID_ARGUMENT, () -> v.link(ID, ID, "a\0b", RenameMode.REPLACE));
    refused(ErrorKind.INVALID_ARGUMENT, () -> v.readdir(ID, DirCursor.START, 0, false));
    refused(ErrorKind.INVALID_ARGUMENT, () -> v.readdir(ID, DirCursor.START, 65537, false));
    refused(ErrorKind.XATTR_TOO_LARGE, () -> v.setXattr(ID, "user.x", new byte[65537], XattrMode.UPSERT));
    // A good call goes through.
    reached.clear();
    v.lookup(ID, "fine");
    assertThat(reached).containsExactly("Volume.lookup");
  }

  @Test
  void handleModeRangeAndClosedStateAreChecked() {
    Volume v = new CheckedDfs(recorder(Dfs.class)).volume("vol");
    FileHandle reader = v.open(ID, OpenMode.READ);
    FileHandle writer = v.open(ID, OpenMode.WRITE);
    refused(ErrorKind.READ_ONLY, () -> reader.write(0, ByteBuffer.allocate(1)));
    refused(ErrorKind.READ_ONLY, () -> reader.truncate(0));
    refused(ErrorKind.NOT_PERMITTED, () -> writer.read(0, ByteBuffer.allocate(1)));
    refused(ErrorKind.INVALID_ARGUMENT, () -> writer.write(-1, ByteBuffer.allocate(1)));
    refused(ErrorKind.FILE_TOO_LARGE, () -> writer.punchHole(Long.MAX_VALUE, 2));
    refused(ErrorKind.READ_ONLY, () -> reader.copyTo(0, reader, 0, 1));
    reached.clear();
    writer.close();
    writer.close();
    assertThat(reached).as("close forwarded once").containsExactly("FileHandle.close");
    refused(ErrorKind.CLOSED, () -> writer.write(0, ByteBuffer.allocate(1)));
    refused(ErrorKind.CLOSED, writer::syncData);
    refused(ErrorKind.CLOSED, () -> reader.copyTo(0, writer, 0, 1));
  }
}
