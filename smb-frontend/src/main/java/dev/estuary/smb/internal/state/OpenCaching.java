package dev.estuary.smb.internal.state;

import static java.util.Objects.requireNonNull;

import dev.estuary.dfs.FileHandle;
import dev.estuary.smb.internal.codec.Bytes;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * What an open holds beyond the file: its oplock or lease ({@link Oplocks.Holder}) and, when granted, its
 * durability ([MS-SMB2] 3.3.1.10 Open.IsDurable, DurableOpenTimeout, CreateGuid). Closing the open
 * {@link #release() releases} both.
 */
public final class OpenCaching {
  /**
   * A granted durable handle.
   *
   * @param version 1 (DHnQ) or 2 (DH2Q)
   * @param timeout how long the open survives its connection (Open.DurableOpenTimeout)
   * @param createGuid the DH2Q CreateGuid (v2), or null
   * @param clientGuid the ClientGuid of the connection that created it (a v2 reconnect must match it)
   * @param user the session's user (a reconnect must be the same user, 3.3.5.9.7)
   */
  public record Durability(int version, Duration timeout, @Nullable Bytes createGuid, Bytes clientGuid,
      String user) {
    /** Validates. */
    public Durability {
      requireNonNull(timeout, "timeout");
      requireNonNull(clientGuid, "clientGuid");
      requireNonNull(user, "user");
    }
  }

  private final Oplocks oplocks;
  private final Oplocks.Holder holder;
  private final @Nullable Durability durability;
  private @Nullable TreeFiles retained;

  /**
   * The state.
   *
   * @param oplocks the server's table
   * @param holder the open's entry there
   * @param durability the durable grant, or null
   */
  public OpenCaching(Oplocks oplocks, Oplocks.Holder holder, @Nullable Durability durability) {
    this.oplocks = requireNonNull(oplocks, "oplocks");
    this.holder = requireNonNull(holder, "holder");
    this.durability = durability;
  }

  /** @return the open's entry in the oplock table */
  public Oplocks.Holder holder() {
    return holder;
  }

  /** @return the oplock table */
  public Oplocks oplocks() {
    return oplocks;
  }

  /** @return the durable grant, or null */
  public @Nullable Durability durability() {
    return durability;
  }

  /**
   * Keeps a tree's files (lock session: share reservation and byte-range locks) alive for this open after
   * its tree went away with the connection; released when the open closes.
   *
   * @param files the files
   */
  public synchronized void retain(TreeFiles files) {
    if (retained == null) {
      files.retain();
      retained = files;
    }
  }

  /**
   * This open is about to change the file's data (WRITE, a size change): the level II oplocks and read
   * caching of the other opens break ([MS-FSA] 2.1.4.12), and the change is marked as this server's own
   * so the backend's event for it does not break caching as a change by another protocol would.
   *
   * @param o the open
   * @return closed after the change
   */
  public static Change change(Open o) {
    OpenCaching c = o.caching();
    if (c == null) {
      return () -> { };
    }
    c.oplocks.breakForWrite(c.holder);
    return ownChange(o);
  }

  /**
   * A data change through an open whose breaks were decided already (CREATE's overwrite and allocation,
   * which [MS-FSA] 2.1.5.1.2 breaks as part of the open): only marks it as this server's own.
   *
   * @param o the open
   * @return closed after the change
   */
  public static Change ownChange(Open o) {
    OpenCaching c = o.caching();
    if (c == null) {
      return () -> { };
    }
    ForeignChanges.Token t = c.oplocks.ownChangeStarts(c.holder);
    if (!t.wanted()) {
      return () -> { };
    }
    return () -> {
      long counter = -1;
      try {
        FileHandle h = o.handle();
        counter = h != null ? h.attributes().change() : o.files().view().getAttributes(o.id()).change();
      } catch (RuntimeException e) {
        // Unknown: the event will count as foreign and break caching, the safe side.
      } finally {
        t.done(counter);
      }
    };
  }

  /**
   * An allocation through an open ([MS-FSA] 2.1.5.15.2, AlSi at CREATE): FileAllocationInformation breaks
   * level II oplocks and read caching like a size change (smbtorture smb2.oplock.batch12), AlSi at CREATE
   * breaks nothing more than the open did. The backend's event for it is this server's own; the engine does
   * not show the change counter of an allocation through the handle, so the next data-change event of the
   * file is taken as it.
   *
   * @param o the open
   * @param setInfo whether a SET_INFO asked for it (else CREATE's AlSi)
   * @return closed after the allocation
   */
  public static Change allocation(Open o, boolean setInfo) {
    OpenCaching c = o.caching();
    if (c == null) {
      return () -> { };
    }
    if (setInfo) {
      c.oplocks.breakForWrite(c.holder);
    }
    ForeignChanges.Token t = c.oplocks.ownChangeStarts(c.holder);
    return () -> t.done(ForeignChanges.Token.UNNUMBERED);
  }

  /** An SMB data change in progress; closing it records that it happened. */
  @FunctionalInterface
  public interface Change extends AutoCloseable {
    @Override
    void close();
  }

  /** The open closed: its caching and any retained tree files go. */
  public void release() {
    oplocks.release(holder);
    TreeFiles f;
    synchronized (this) {
      f = retained;
      retained = null;
    }
    if (f != null) {
      f.release();
    }
  }
}
