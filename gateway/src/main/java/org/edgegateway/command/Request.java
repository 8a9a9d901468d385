// SPDX-License-Identifier: Apache-2.0
package org.edgegateway.command;

/**
 * A validated command on its way to the control loop: its id (the platform's, or one the gateway made for a local
 * source), who sent it, and when it expires (the loop refuses it after that).
 */
public record Request(String id, Origin origin, long expiresMillis, Command command) {

  /** {@code open-zone by platform via mqtt (id op-7f3a)}: for events and the log. */
  public String describe() {
    return command.kind().wireName() + " by " + origin.describe() + " (id " + id + ")";
  }
}
