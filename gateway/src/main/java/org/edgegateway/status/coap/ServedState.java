// SPDX-License-Identifier: Apache-2.0
package org.edgegateway.status.coap;

import java.time.Duration;
import java.util.List;
import java.util.Map;
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
   * Opens {@code zone}'s valve for a test through the control loop, for {@code want} capped by the zone's limits;
   * returns the time granted. Throws IllegalArgumentException for an unknown zone.
   */
  Duration testZone(String zone, Duration want);
}
