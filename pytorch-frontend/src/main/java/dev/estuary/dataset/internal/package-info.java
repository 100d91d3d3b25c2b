/** Implementation of the dataset service; not an API. */
@NullMarked
package dev.estuary.dataset.internal;

import org.jspecify.annotations.NullMarked;
