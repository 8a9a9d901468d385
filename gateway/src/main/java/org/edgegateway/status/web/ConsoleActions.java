// SPDX-License-Identifier: Apache-2.0
package org.edgegateway.status.web;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * The commissioning actions a logged-in technician may take. Each completes with an acknowledgement map that the
 * page shows as it is: at least {@code result} ({@code accepted}, {@code queued} or {@code rejected}) and, when
 * not plainly accepted, {@code reason}. Implementations go through the gateway's one command path (validation,
 * the control loop, Safety) and name {@code technician} in the events they cause.
 */
public interface ConsoleActions {
  /** Opens {@code zone}'s valve for {@code run}, within the zone's and the valve's limits. */
  CompletableFuture<Map<String, Object>> testZone(String zone, Duration run, String technician);

  /** Reads {@code sensor} now (on its bus's thread); the ack carries the readings. */
  CompletableFuture<Map<String, Object>> readSensor(String sensor, String technician);

  /** Runs the commissioning check's steps that can run beside a running gateway; the ack carries the items. */
  CompletableFuture<Map<String, Object>> check(String technician);
}
