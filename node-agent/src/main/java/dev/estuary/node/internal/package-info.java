/** The node agent's implementation. */
@NullMarked
package dev.estuary.node.internal;

import org.jspecify.annotations.NullMarked;
