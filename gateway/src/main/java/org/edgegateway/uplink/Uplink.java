// SPDX-License-Identifier: Apache-2.0
package org.edgegateway.uplink;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.edgegateway.uplink.senml.SenmlFormat;

/**
 * A connection to the platform that carries encoded messages, in the manner of Californium's {@code Connector}:
 * {@link #start} may throw on bad configuration but does not wait for the network; {@link #send} never blocks and
 * reports the outcome through its future; {@link #stop} then {@link #start} works. The uplink reconnects on its
 * own; it stores nothing durably (the outbox does).
 */
public interface Uplink {

  /** Checks the configuration (credentials, certificates) and begins connecting; no-op if running. */
  void start() throws IOException;

  /**
   * Queues a message. The future completes when the platform confirmed it (MQTT: PUBACK), or fails when the
   * uplink is not online, the connection is lost first, or the uplink stops. Messages are sent in call order.
   */
  CompletableFuture<Void> send(UplinkTopic topic, byte[] payload);

  /** Waits until {@link UplinkState.Phase#ONLINE} or the timeout; true if online. */
  boolean awaitOnline(Duration timeout) throws InterruptedException;

  /** A consistent snapshot of the connection state and counters. */
  UplinkState state();

  /** How senders should shape traffic for this uplink. */
  Limits limits();

  /** Stops within a bounded time, failing what is queued; idempotent. */
  void stop();

  /**
   * {@code format} the wire format to encode in, {@code maxPayloadBytes} the bound for one message, and
   * {@code maxInFlight} how many unconfirmed messages the uplink accepts at once.
   */
  record Limits(SenmlFormat format, int maxPayloadBytes, int maxInFlight) {}
}
