// SPDX-License-Identifier: Apache-2.0
package org.edgegateway.uplink;

/**
 * A snapshot for the status line. {@code broker} is the server connected to or last tried; {@code lastError} the
 * latest connection problem in words (null if none since start); times are epoch milliseconds from the uplink's
 * clock, 0 if never.
 */
public record UplinkState(
    Phase phase,
    String broker,
    String lastError,
    long lastErrorMillis,
    long connectAttempts,
    long sent,
    long acked,
    long failed,
    long lastAckMillis) {

  /** Where the connection is. */
  public enum Phase {
    /** Not started, or stopped. */
    STOPPED,
    /** Trying to connect, first time or after a loss. */
    CONNECTING,
    /** Connected, birth message published and downlink subscribed: sends go out. */
    ONLINE,
    /** Not connected, waiting for the next attempt (see {@code lastError}). */
    OFFLINE
  }
}
