package dev.estuary.dfs.contract.crash;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * The crash writer's ledger: one text line per step, each forced to disk before the writer goes
 * on. An {@code intent} or {@code pending} line is written before the step it announces, a {@code
 * publish} or {@code ack} line only after the backend's sync returned: that line is the
 * acknowledgement the backend must honour after a kill. A last line without its newline was torn
 * by the kill and is ignored.
 */
public final class CrashLedger implements AutoCloseable {
  /** The directory (under the volume root) the crash test writes in. */
  public static final String DIRECTORY = "crash";

  private final FileChannel channel;

  private CrashLedger(FileChannel channel) {
    this.channel = channel;
  }

  /**
   * Opens a ledger for appending, creating it if needed.
   *
   * @param file the ledger file
   * @return the open ledger
   */
  public static CrashLedger append(Path file) {
    try {
      return new CrashLedger(
          FileChannel.open(
              file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open ledger " + file, e);
    }
  }

  /** One ledger line. */
  public sealed interface Entry permits Pending, Published, Intent, Ack, Removing, Removed, Renaming, Renamed,
      Protecting, Protected, Creating, Created {
    /**
     * Returns the object name the line is about.
     *
     * @return the name
     */
    String name();
  }

  /**
   * An unlinked object is about to be written, synced and linked under {@code name}.
   *
   * @param name the name it will be linked under
   * @param size its size
   * @param seed the seed of its content
   */
  public record Pending(String name, int size, long seed) implements Entry {}

  /**
   * The object announced by {@link Pending} is linked and the volume synced.
   *
   * @param name its name
   * @param size its size
   * @param seed the seed of its content
   * @param crc the CRC-32C of its content
   */
  public record Published(String name, int size, long seed, long crc) implements Entry {}

  /**
   * A file is about to be created under {@code name}, written, closed and synced: the life of a
   * small file, which a backend may write in one step (the engine's one batch for create, write
   * and close). Until {@link Created}, a crash may leave the name absent, or present with any
   * prefix of the writes (each byte the new one or zero).
   *
   * @param name the new name
   * @param size the size it is written to
   * @param seed the seed of its content
   */
  public record Creating(String name, int size, long seed) implements Entry {}

  /**
   * The file announced by {@link Creating} is written, its data synced and the namespace synced.
   *
   * @param name its name
   * @param size its size
   * @param seed the seed of its content
   * @param crc the CRC-32C of its content
   */
  public record Created(String name, int size, long seed, long crc) implements Entry {}

  /**
   * An in-place write into an existing object is about to start.
   *
   * @param name the object
   * @param offset where the write starts
   * @param length how many bytes
   * @param seed the seed of the bytes
   */
  public record Intent(String name, int offset, int length, long seed) implements Entry {}

  /**
   * The write announced by {@link Intent} completed and the file was synced.
   *
   * @param name the object
   * @param offset where the write started
   * @param length how many bytes
   * @param seed the seed of the bytes
   */
  public record Ack(String name, int offset, int length, long seed) implements Entry {}

  /**
   * An object is about to be removed.
   *
   * @param name the object
   */
  public record Removing(String name) implements Entry {}

  /**
   * The removal announced by {@link Removing} completed and the volume was synced.
   *
   * @param name the object
   */
  public record Removed(String name) implements Entry {}

  /**
   * An object is about to be renamed, replacing {@code to} if it exists.
   *
   * @param from the current name
   * @param to the new name
   */
  public record Renaming(String from, String to) implements Entry {
    @Override
    public String name() {
      return from;
    }
  }

  /**
   * The rename announced by {@link Renaming} completed and the volume was synced.
   *
   * @param from the old name
   * @param to the new name
   */
  public record Renamed(String from, String to) implements Entry {
    @Override
    public String name() {
      return to;
    }
  }

  /**
   * An object's protection is about to change ({@link dev.estuary.dfs.Volume#setLegalHold} or
   * {@link dev.estuary.dfs.Volume#setRetention}).
   *
   * @param name the object
   * @param protection the new state: bit 0 a legal hold, bit 1 a governance retention until {@link
   *     CrashWriter#RETAIN_UNTIL}
   */
  public record Protecting(String name, int protection) implements Entry {}

  /**
   * The change announced by {@link Protecting} completed and the volume was synced.
   *
   * @param name the object
   * @param protection the new state, as in {@link Protecting}
   */
  public record Protected(String name, int protection) implements Entry {}

  /**
   * Appends one entry and forces it to disk.
   *
   * @param entry the entry
   */
  public void write(Entry entry) {
    String line =
        switch (entry) {
          case Pending p -> "pending " + p.name() + " " + p.size() + " " + p.seed();
          case Published p ->
              "publish " + p.name() + " " + p.size() + " " + p.seed() + " " + p.crc();
          case Intent i -> "intent " + i.name() + " " + i.offset() + " " + i.length() + " " + i.seed();
          case Ack a -> "ack " + a.name() + " " + a.offset() + " " + a.length() + " " + a.seed();
          case Removing r -> "removing " + r.name();
          case Removed r -> "removed " + r.name();
          case Renaming r -> "renaming " + r.from() + " " + r.to();
          case Renamed r -> "renamed " + r.from() + " " + r.to();
          case Protecting p -> "protecting " + p.name() + " " + p.protection();
          case Protected p -> "protected " + p.name() + " " + p.protection();
          case Creating c -> "creating " + c.name() + " " + c.size() + " " + c.seed();
          case Created c -> "created " + c.name() + " " + c.size() + " " + c.seed() + " " + c.crc();
        };
    ByteBuffer buf = ByteBuffer.wrap((line + "\n").getBytes(StandardCharsets.UTF_8));
    try {
      while (buf.hasRemaining()) {
        channel.write(buf);
      }
      channel.force(true);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot append to the ledger: " + line, e);
    }
  }

  /**
   * Reads every complete line of a ledger.
   *
   * @param file the ledger file; a missing file is an empty ledger
   * @return the entries in order
   */
  public static List<Entry> read(Path file) {
    if (!Files.exists(file)) {
      return List.of();
    }
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read ledger " + file, e);
    }
    List<Entry> entries = new ArrayList<>();
    int start = 0;
    for (int nl = text.indexOf('\n'); nl >= 0; nl = text.indexOf('\n', start)) {
      entries.add(parse(text.substring(start, nl)));
      start = nl + 1;
    }
    return entries;
  }

  private static Entry parse(String line) {
    String[] f = line.split(" ");
    try {
      return switch (f[0]) {
        case "pending" -> new Pending(f[1], Integer.parseInt(f[2]), Long.parseLong(f[3]));
        case "publish" ->
            new Published(f[1], Integer.parseInt(f[2]), Long.parseLong(f[3]), Long.parseLong(f[4]));
        case "intent" ->
            new Intent(f[1], Integer.parseInt(f[2]), Integer.parseInt(f[3]), Long.parseLong(f[4]));
        case "ack" ->
            new Ack(f[1], Integer.parseInt(f[2]), Integer.parseInt(f[3]), Long.parseLong(f[4]));
        case "removing" -> new Removing(f[1]);
        case "removed" -> new Removed(f[1]);
        case "renaming" -> new Renaming(f[1], f[2]);
        case "renamed" -> new Renamed(f[1], f[2]);
        case "protecting" -> new Protecting(f[1], Integer.parseInt(f[2]));
        case "protected" -> new Protected(f[1], Integer.parseInt(f[2]));
        case "creating" -> new Creating(f[1], Integer.parseInt(f[2]), Long.parseLong(f[3]));
        case "created" ->
            new Created(f[1], Integer.parseInt(f[2]), Long.parseLong(f[3]), Long.parseLong(f[4]));
        default -> throw new IllegalArgumentException("unknown kind");
      };
    } catch (RuntimeException e) {
      throw new IllegalStateException(
          "ledger line: '" + line + "' (expected: pending|publish|intent|ack|removing|removed|renaming|renamed|protecting|protected|creating|created with its fields)", e);
    }
  }

  @Override
  public void close() {
    try {
      channel.close();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot close the ledger", e);
    }
  }
}
