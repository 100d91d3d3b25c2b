/**
 * The DCE/RPC connection-oriented protocol as it runs over an SMB named pipe ([C706] chapter 12,
 * [MS-RPCE] 2.2.2) and the NDR 2.0 transfer syntax ([C706] chapter 14), with the srvsvc messages the
 * server answers ([MS-SRVS] 3.1.4). Codec only: records and their bytes, every count and length checked
 * before anything is allocated; what to answer is decided in {@code dev.estuary.smb.internal.ipc}.
 */
@NullMarked
package dev.estuary.smb.internal.rpc;

import org.jspecify.annotations.NullMarked;
