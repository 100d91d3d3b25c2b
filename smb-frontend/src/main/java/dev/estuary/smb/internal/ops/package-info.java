/**
 * One handler class per SMB2 command ([MS-SMB2] 3.3.5.x), called by the connection's dispatcher after
 * the common checks (MessageId window, session, signature, encryption, tree) with the decoded request.
 * Handlers return the status and body to send; the dispatcher signs, encrypts, grants credits and
 * compounds. {@link dev.estuary.smb.internal.ops.SmbErrors} is the one backend-error table.
 */
@NullMarked
package dev.estuary.smb.internal.ops;

import org.jspecify.annotations.NullMarked;
