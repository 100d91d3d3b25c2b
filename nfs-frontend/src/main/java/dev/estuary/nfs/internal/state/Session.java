package dev.estuary.nfs.internal.state;

import dev.estuary.nfs.internal.codec.Bytes;
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
    private final int callbackProgram;
    final Slot[] slots;
    boolean destroyed;

    Session(Bytes id, NfsClient client, ChannelAttrs fore, ChannelAttrs back, int callbackProgram) {
        this.id = id;
        this.client = client;
        this.fore = fore;
        this.back = back;
        this.callbackProgram = callbackProgram;
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

    /** @return csa_cb_program, for CB_COMPOUND in a later step */
    public int callbackProgram() {
        return callbackProgram;
    }
}
