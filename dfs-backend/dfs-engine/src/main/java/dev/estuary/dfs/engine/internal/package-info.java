/** Implementation of the embedded engine; not an API. */
@NullMarked
package dev.estuary.dfs.engine.internal;

import org.jspecify.annotations.NullMarked;
