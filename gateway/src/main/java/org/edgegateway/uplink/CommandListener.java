// SPDX-License-Identifier: Apache-2.0
package org.edgegateway.uplink;

/**
 * Receives downlink messages. Called on the uplink's own downlink thread (one at a time, in arrival order), never
 * on the transport's thread; may block briefly, but a slow listener delays the next command.
 */
@FunctionalInterface
public interface CommandListener {
  /** {@code name} is the topic below {@code cmd/}, e.g. {@code "valve/zone-1"}; the payload is unparsed. */
  void onCommand(String name, byte[] payload);
}
