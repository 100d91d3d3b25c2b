package dev.estuary.nfs.internal.state;

/**
 * The principal a client record is bound to (RFC 8881 §18.35.4 compares "principals"): the flavor and,
 * for AUTH_SYS, the uid. Linux sends EXCHANGE_ID and CREATE_SESSION with its machine credential.
 *
 * @param authSys AUTH_SYS (true) or AUTH_NONE
 * @param uid the AUTH_SYS uid (0 for AUTH_NONE)
 */
public record ClientCredential(boolean authSys, int uid) {
}
