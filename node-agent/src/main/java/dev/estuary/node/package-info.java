/**
 * The node agent, {@code estuary node} (DESIGN §6.2, issue 13): it makes Podman run one container per
 * role of a node description (the engine and each enabled frontend) through the libpod REST API on
 * Podman's unix socket, and supervises them. The only public class is the CLI hook; the rest is in
 * {@code dev.estuary.node.internal}.
 */
@NullMarked
package dev.estuary.node;

import org.jspecify.annotations.NullMarked;
