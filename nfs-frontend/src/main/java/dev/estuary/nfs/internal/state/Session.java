package dev.estuary.nfs.internal.state;

import java.net.InetSocketAddress;
import java.util.LinkedHashSet;
import java.util.Set;

import dev.estuary.nfs.internal.codec.Bytes;
import dev.estuary.nfs.internal.codec.Types.CallbackSec;
import dev.estuary.nfs.internal.codec.Types.ChannelAttrs;

/**
 * A session (RFC 8881 §2.10): its id, its client, the negotiated channel attributes and the fore-channel
 * slot table. The slots are guarded by the {@link ClientTable}'s lock.
 */
public final class Session {
    private final Bytes id;
    private final NfsClient client;
    private final ChannelAttrs fore;
    private final ChannelAttrs back;
    private volatile Backchannel backchannel;
    final Slot[] slots;
    boolean destroyed;
    /**
     * The connections associated with the session (RFC 8881 §2.10.3.1), by the client's address and port, oldest
     * first, at most {@link #MAX_CONNECTIONS}. Guarded by the {@link ClientTable}'s lock.
     */
    final Set<InetSocketAddress> connections = new LinkedHashSet<>();
    /** Connections remembered per session: Linux opens one, or up to 16 with nconnect. */
    static final int MAX_CONNECTIONS = 32;

    Session(Bytes id, NfsClient client, ChannelAttrs fore, ChannelAttrs back, int callbackProgram) {
        this.id = id;
        this.client = client;
        this.fore = fore;
        this.back = back;
        this.backchannel = new Backchannel(callbackProgram, new CallbackSec.None());
        this.slots = new Slot[fore.maxRequests()];
        for (int i = 0; i < slots.length; i++) {
            slots[i] = new Slot();
        }
    }

    /** @return the 16-byte session id */
    public Bytes id() {
        return id;
    }

    /** @return the client the session belongs to */
    public NfsClient client() {
        return client;
    }

    /** @return the negotiated fore channel */
    public ChannelAttrs foreChannel() {
        return fore;
    }

    /** @return the negotiated back channel (kept for the backchannel of a later step) */
    public ChannelAttrs backChannel() {
        return back;
    }

    /**
     * The callback program and the security the server is to use on the session's backchannel (CREATE_SESSION,
     * then BACKCHANNEL_CTL, RFC 8881 §18.33).
     *
     * @param program the ONC RPC program number of the client's callback service
     * @param security the flavor chosen from the client's list (AUTH_NONE or AUTH_SYS)
     */
    public record Backchannel(int program, CallbackSec security) {
    }

    /** @return the backchannel parameters now in force */
    public Backchannel backchannel() {
        return backchannel;
    }

    /** @return csa_cb_program or the last bca_cb_program */
    public int callbackProgram() {
        return backchannel.program();
    }

    /** Replaces the backchannel parameters (BACKCHANNEL_CTL). */
    public void setBackchannel(Backchannel b) {
        backchannel = b;
    }
}
