// SPDX-License-Identifier: Apache-2.0
package org.edgegateway.uplink.mqtt;

import java.util.concurrent.CompletableFuture;

/** A message accepted by {@code send} and the future that reports its PUBACK. */
record Outgoing(String topic, byte[] payload, CompletableFuture<Void> result) {}
