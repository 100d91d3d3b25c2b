/** The {@code estuary node} subcommands. */
@NullMarked
package dev.estuary.node.internal.cli;

import org.jspecify.annotations.NullMarked;
