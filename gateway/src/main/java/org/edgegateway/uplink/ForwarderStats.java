// SPDX-License-Identifier: Apache-2.0
package org.edgegateway.uplink;

/**
 * What a {@link Forwarder} did since it was created: packs handed to the uplink, confirmed and sent again after a
 * failure, items deleted from the outbox, outbox errors, the next sequence number (persist it, see
 * {@link Forwarder}), and the clock time of the latest confirmation (0 if none).
 */
public record ForwarderStats(
    long packsSent,
    long packsAcked,
    long packsResent,
    long itemsAcked,
    long outboxErrors,
    long nextSequence,
    long lastAckMillis) {}
