// SPDX-License-Identifier: Apache-2.0
package org.edgegateway.uplink;

/** What a message sent through an {@link Uplink} is; an MQTT uplink maps each to a topic under its prefix. */
public enum UplinkTopic {
  TELEMETRY("telemetry"),
  EVENTS("events"),
  /** A command's acknowledgement; its payload format belongs to the command handler. */
  CMD_ACK("cmd-ack");

  private final String suffix;

  UplinkTopic(String suffix) {
    this.suffix = suffix;
  }

  /** The topic name under the uplink's prefix. */
  public String suffix() {
    return suffix;
  }
}
