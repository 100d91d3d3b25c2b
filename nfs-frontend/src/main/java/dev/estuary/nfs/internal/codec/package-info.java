/**
 * NFSv4.1/4.2 wire format: an XDR reader and writer (RFC 4506) that check every length against the
 * remaining input and a configured limit before allocating, the COMPOUND codec (RFC 8881 §16.2,
 * §18; RFC 7862 §15; RFC 8276 §8) with one immutable record per operation's arguments and results,
 * the fattr4 attribute codec and the one NFS4ERR_* table. Never imports dfs-api.
 */
@NullMarked
package dev.estuary.nfs.internal.codec;

import org.jspecify.annotations.NullMarked;
