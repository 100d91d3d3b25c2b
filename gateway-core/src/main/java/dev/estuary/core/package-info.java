/** Placeholder. */
package dev.estuary.core;
