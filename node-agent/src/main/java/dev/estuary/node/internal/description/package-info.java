/** The node description (YAML): what a node runs, validated completely before Podman is touched, and the container plan derived from it. */
@NullMarked
package dev.estuary.node.internal.description;

import org.jspecify.annotations.NullMarked;
