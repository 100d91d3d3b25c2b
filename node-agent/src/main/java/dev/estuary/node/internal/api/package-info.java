/** The agent's admin HTTP API ({@code /api/v1/node}, bearer token from {@code agent.json}), {@code /metrics} and {@code /health}, and the CLI's client of it. */
@NullMarked
package dev.estuary.node.internal.api;

import org.jspecify.annotations.NullMarked;
