/**
 * Per-connection protocol state of the SMB server ([MS-SMB2] 3.3.1): the connection (negotiated dialect,
 * cipher, signing algorithm, preauth hash, the MessageId window), its sessions (keys, signer, the
 * authenticated principal) and each session's tree connects. Mutated only by the connection's serial
 * request processing, so no locking is needed.
 */
@NullMarked
package dev.estuary.smb.internal.state;

import org.jspecify.annotations.NullMarked;
