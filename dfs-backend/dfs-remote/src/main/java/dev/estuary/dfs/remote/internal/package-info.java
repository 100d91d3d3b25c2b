/** The wire codec and error table shared by the server and the client of the remote backend. */
@NullMarked
package dev.estuary.dfs.remote.internal;

import org.jspecify.annotations.NullMarked;
