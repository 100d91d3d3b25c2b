/**
 * The SMB 2/3 frontend (issue 12), registered as the {@code smb} {@link dev.estuary.core.Frontend}
 * ({@link dev.estuary.smb.SmbFrontend}). Inside: the wire codec ({@code internal.codec}), SPNEGO and
 * NTLMSSP ({@code internal.auth}), the SMB 3.x key derivation, signing and encryption
 * ({@code internal.crypto}), the server and dispatcher ({@code internal.server}), one handler per command
 * ({@code internal.ops}), the DCE/RPC and srvsvc codec ({@code internal.rpc}) and the IPC$ pipes
 * ({@code internal.ipc}).
 */
@NullMarked
package dev.estuary.smb;

import org.jspecify.annotations.NullMarked;
