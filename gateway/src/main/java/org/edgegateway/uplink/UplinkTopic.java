// SPDX-License-Identifier: Apache-2.0
package org.edgegateway.uplink;

/** What a message sent through an {@link Uplink} is; an MQTT uplink maps each to a topic under its prefix. */
public enum UplinkTopic {
  TELEMETRY("telemetry", false),
  EVENTS("events", false),
  /** A command's acknowledgement; its payload format belongs to the command handler. */
  CMD_ACK("cmd-ack", false),
  /** The gateway's status with its figures, retained: it replaces the birth message until the next connect. */
  STATUS("status", true);

  private final String suffix;
  private final boolean retained;

  UplinkTopic(String suffix, boolean retained) {
    this.suffix = suffix;
    this.retained = retained;
  }

  /** Whether the broker keeps the last message for new subscribers. */
  public boolean retained() {
    return retained;
  }

  /** The topic name under the uplink's prefix. */
  public String suffix() {
    return suffix;
  }
}
