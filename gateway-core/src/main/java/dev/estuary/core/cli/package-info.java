/**
 * The {@code estuary} command line (picocli): {@code serve}, {@code volume}, {@code user}, {@code
 * status}, {@code fsck} and {@code version}. The entry point is {@link dev.estuary.core.cli.Main}.
 */
@NullMarked
package dev.estuary.core.cli;

import org.jspecify.annotations.NullMarked;
