/**
 * The SMB server's transport and dispatch: the Netty listener ({@link dev.estuary.smb.internal.server.SmbServer}),
 * one {@link dev.estuary.smb.internal.server.SmbConnection} per TCP connection processing its frames in
 * order off the event loop, and the {@link dev.estuary.smb.internal.server.Dispatcher} that applies the
 * checks every request goes through ([MS-SMB2] 3.3.5.2: decryption, compound splitting, the MessageId
 * window, session, signature, encryption and tree verification) before the command's handler, then
 * grants credits, signs or encrypts and compounds the responses.
 */
@NullMarked
package dev.estuary.smb.internal.server;

import org.jspecify.annotations.NullMarked;
