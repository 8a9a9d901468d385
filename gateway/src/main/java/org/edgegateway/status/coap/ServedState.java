// SPDX-License-Identifier: Apache-2.0
package org.edgegateway.status.coap;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.edgegateway.command.Ack;
import org.edgegateway.data.Reading;

/** What the local CoAP server shows and may do, supplied by the gateway's assembly. */
public interface ServedState {
  /** What {@code Gateway.status()} returns: maps, lists, strings and numbers only. */
  Map<String, Object> status();

  /** One map per zone (id, phase, valve, moisture, ...), in config order. */
  List<Map<String, Object>> zones();

  /** Every channel id, in config order. */
  List<String> channels();

  /** The newest reading of {@code channel}, or null if it never reported. */
  Reading latest(String channel);

  /**
   * Asks for a test run of {@code zone} for {@code want} by {@code technician}, through the gateway's one command
   * path (the control loop grants what the limits allow); completes with the ack, off the loop thread.
   */
  CompletableFuture<Ack> testZone(String zone, Duration want, String technician);
}
