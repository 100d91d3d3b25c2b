/**
 * The PyTorch dataset service: a gRPC frontend ({@code dataset}) that streams dataset listings,
 * samples and checkpoints of a volume to training jobs (ISSUE-4, daos.md §3). The wire contract is
 * {@code src/main/proto/estuary/dataset/v1/dataset.proto}.
 */
@NullMarked
package dev.estuary.dataset;

import org.jspecify.annotations.NullMarked;
