/**
 * The IPC$ share's named pipes ([MS-SMB2] 3.3.5.9 for pipe opens, [MS-RPCE] 2.1.1.2 for DCE/RPC over
 * SMB): the DCE/RPC server state of one pipe open ({@link dev.estuary.smb.internal.ipc.RpcPipe}), the
 * srvsvc interface over the shares a user may see, and the table of a session's pipe opens. The bytes are
 * the {@code dev.estuary.smb.internal.rpc} codec's; the SMB2 commands that reach a pipe are routed here
 * by the handlers in {@code dev.estuary.smb.internal.ops} when the tree is IPC$.
 */
@NullMarked
package dev.estuary.smb.internal.ipc;

import org.jspecify.annotations.NullMarked;
