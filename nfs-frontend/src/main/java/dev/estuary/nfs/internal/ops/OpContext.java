package dev.estuary.nfs.internal.ops;

import dev.estuary.core.CheckedVolume;
import dev.estuary.dfs.ObjectType;
import dev.estuary.nfs.internal.codec.NfsStatus;
import dev.estuary.nfs.internal.codec.Types.Stateid;
import dev.estuary.nfs.internal.rpc.CallContext;
import dev.estuary.nfs.internal.state.ClientCredential;
import dev.estuary.nfs.internal.state.Session;
import dev.estuary.nfs.internal.rpc.RpcCredential;
import java.util.HashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The state one COMPOUND carries from operation to operation (RFC 8881 §16.2.3): the current and saved
 * file handles, the session SEQUENCE named, and the caller's checked view of each volume it touched
 * (opened once per COMPOUND: the export decision and the directory attributes it remembers hold for one
 * request, as {@link CheckedVolume} expects). Not thread-safe: one COMPOUND runs on one thread.
 */
public final class OpContext {
    private final NfsServices services;
    private final CallContext call;
    private final int minorVersion;
    private final Map<String, CheckedVolume> views = new HashMap<>();
    private @Nullable FileRef current;
    /** The type of {@link #current} when PUTFH read it (an object's type never changes), else null. */
    private @Nullable ObjectType currentType;
    private @Nullable FileRef saved;
    private @Nullable Session session;
    private @Nullable Stateid currentStateid;
    private @Nullable Stateid savedStateid;
    private boolean lastOperation;

    /**
     * @param services the shared services
     * @param call who sent the COMPOUND
     * @param minorVersion 1 or 2
     */
    public OpContext(NfsServices services, CallContext call, int minorVersion) {
        this.services = services;
        this.call = call;
        this.minorVersion = minorVersion;
    }

    /** @return the shared services */
    public NfsServices services() {
        return services;
    }

    /** @return the call */
    public CallContext call() {
        return call;
    }

    /** @return the COMPOUND's minor version */
    public int minorVersion() {
        return minorVersion;
    }

    /** @return the principal that owns client records (EXCHANGE_ID, CREATE_SESSION) */
    public ClientCredential clientCredential() {
        return switch (call.credential()) {
            case RpcCredential.Sys s -> new ClientCredential(true, s.uid());
            case RpcCredential.None n -> new ClientCredential(false, 0);
        };
    }

    /**
     * @return the current file handle
     * @throws NfsException NFS4ERR_NOFILEHANDLE when there is none (§15.1.2.8)
     */
    public FileRef current() throws NfsException {
        FileRef c = current;
        if (c == null) {
            throw new NfsException(NfsStatus.NOFILEHANDLE, "current file handle: none (expected: PUTFH, PUTROOTFH"
                    + " or PUTPUBFH before)");
        }
        return c;
    }

    /** @return the current file handle, or null */
    public @Nullable FileRef currentOrNull() {
        return current;
    }

    /**
     * Sets (or, with null, clears) the current file handle, and clears the current stateid: a stateid
     * belongs to the file it was set for (RFC 8881 §16.2.3.1.2).
     */
    public void setCurrent(@Nullable FileRef ref) {
        current = ref;
        currentType = null;
        currentStateid = null;
    }

    /**
     * Sets the current file handle as {@link #setCurrent(FileRef)} does, remembering the object's type that
     * the caller has just read through this COMPOUND's view (PUTFH), so that the data operations after it
     * need not read the attributes again to check for a regular file.
     */
    public void setCurrent(FileRef ref, ObjectType type) {
        setCurrent(ref);
        currentType = type;
    }

    /** @return the current file handle's type as {@link #setCurrent(FileRef, ObjectType)} set it, or null */
    public @Nullable ObjectType currentType() {
        return currentType;
    }

    /** @return the saved file handle, or null */
    public @Nullable FileRef saved() {
        return saved;
    }

    /** Sets the saved file handle. */
    public void setSaved(@Nullable FileRef ref) {
        saved = ref;
    }

    /** @return the stateid SAVEFH saved with the file handle (RFC 8881 §16.2.3.1.2), or null */
    public @Nullable Stateid savedStateid() {
        return savedStateid;
    }

    /** Sets the saved stateid (SAVEFH). */
    public void setSavedStateid(@Nullable Stateid stateid) {
        savedStateid = stateid;
    }

    /** @return the current stateid (RFC 8881 §16.2.3.1.2), or null when no operation of this COMPOUND set one */
    public @Nullable Stateid currentStateid() {
        return currentStateid;
    }

    /**
     * Sets the current stateid (OPEN, OPEN_DOWNGRADE, CLOSE, LOCK, LOCKU and the operations §16.2.3.1.2
     * names) or, with null, clears it (every operation that changes the current file handle).
     */
    public void setCurrentStateid(@Nullable Stateid stateid) {
        currentStateid = stateid;
    }

    /** @return the session SEQUENCE named, or null outside a session */
    public @Nullable Session session() {
        return session;
    }

    /** Sets the session (by SEQUENCE). */
    public void setSession(@Nullable Session session) {
        this.session = session;
    }

    /** @return whether the operation being evaluated is the COMPOUND's last */
    public boolean lastOperation() {
        return lastOperation;
    }

    /** Marks whether the operation being evaluated is the last. */
    public void setLastOperation(boolean last) {
        lastOperation = last;
    }

    /**
     * @return the caller's view of a volume, opened at its first use in this COMPOUND
     * @throws NfsException NFS4ERR_ACCESS when the export rules refuse the call
     */
    public CheckedVolume view(String volume) throws NfsException {
        CheckedVolume v = views.get(volume);
        if (v == null) {
            v = services.exports().open(volume, call);
            views.put(volume, v);
        }
        return v;
    }
}
