// SPDX-License-Identifier: Apache-2.0
package org.edgegateway.command;

import java.time.Duration;

/** A validated downlink command; the platform names it by the topic {@code cmd/<name>}. */
public sealed interface Command {

  /** Water a zone for {@code run} (already capped by the zone's and its valve's limits). */
  record OpenZone(String zone, Duration run, boolean capped) implements Command {}

  /** Stop a zone now and keep it closed for {@code hold}. */
  record CloseZone(String zone, Duration hold) implements Command {}

  /** Keep a zone closed until the wall time {@code untilMillis}. */
  record HoldZone(String zone, long untilMillis) implements Command {}

  /** New hysteresis thresholds for a zone, in % VWC or kPa as its sense says; until the next restart. */
  record SetThresholds(String zone, double start, double stop) implements Command {}

  /** Answer with the gateway's status now. */
  record StatusNow() implements Command {}
}
