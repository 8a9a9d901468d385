// SPDX-License-Identifier: Apache-2.0
package org.edgegateway.command;

import java.time.Duration;

/**
 * A validated command, from any source (the platform over MQTT, a technician over CoAP or the web console). The
 * control loop applies it in one exhaustive {@code switch} over {@link #kind()}: Java 17 has no pattern switch, and
 * a switch expression over an enum without {@code default} fails to compile when a kind is added and not handled.
 */
public sealed interface Command {

  /** What the command is; fixed per record type. */
  Kind kind();

  /** The zone the command is about, or null. */
  String zone();

  /** Every kind of command, each with its wire name (the MQTT topic {@code cmd/<name>}). */
  enum Kind {
    OPEN_ZONE("open-zone"), CLOSE_ZONE("close-zone"), HOLD_ZONE("hold-zone"), SET_THRESHOLDS("set-thresholds"),
    STATUS("status");

    private final String wireName;

    Kind(String wireName) {
      this.wireName = wireName;
    }

    public String wireName() {
      return wireName;
    }
  }

  /**
   * Water a zone for {@code run} of valve-open time. The control loop grants at most what the zone's and its
   * valve's limits leave (max-run of the run episode, max-open, daily caps) and says so in the ack.
   */
  record OpenZone(String zone, Duration run) implements Command {
    @Override
    public Kind kind() {
      return Kind.OPEN_ZONE;
    }
  }

  /** Stop a zone now and keep it closed for {@code hold}. */
  record CloseZone(String zone, Duration hold) implements Command {
    @Override
    public Kind kind() {
      return Kind.CLOSE_ZONE;
    }
  }

  /** Keep a zone closed until the wall time {@code untilMillis}. */
  record HoldZone(String zone, long untilMillis) implements Command {
    @Override
    public Kind kind() {
      return Kind.HOLD_ZONE;
    }
  }

  /** New hysteresis thresholds for a zone, in % VWC or kPa as its sense says; until the next restart. */
  record SetThresholds(String zone, double start, double stop) implements Command {
    @Override
    public Kind kind() {
      return Kind.SET_THRESHOLDS;
    }
  }

  /** Answer with the gateway's status now. */
  record StatusNow() implements Command {
    @Override
    public Kind kind() {
      return Kind.STATUS;
    }

    @Override
    public String zone() {
      return null;
    }
  }
}
