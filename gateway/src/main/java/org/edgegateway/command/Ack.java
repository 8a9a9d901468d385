// SPDX-License-Identifier: Apache-2.0
package org.edgegateway.command;

import java.util.Map;

/**
 * The answer to one command, which says what will really happen: {@code accepted} (the valve opens now, or at
 * {@code startMillis} within the master valve's lead, for {@code grantedMillis} of open time), {@code queued} (a
 * pause delays the run: the valve opens at {@code startMillis} and then runs its full granted time) or
 * {@code rejected} (nothing happens; {@code reason} says why). Decided by the control loop, which also enforces it.
 *
 * @param grantedMillis open time granted for {@code open-zone}, else -1
 * @param startMillis wall time the valve opens (open-zone) or the hold ends (close/hold), else 0
 * @param note what was capped and why, or null
 * @param status the gateway's status for the {@code status} command, else null
 */
public record Ack(String id, Command.Kind kind, String name, Origin origin, Result result, String reason,
    String zone, long grantedMillis, long startMillis, String note, long timeMillis, Map<String, Object> status) {

  /** The three answers, with their wire names. */
  public enum Result {
    ACCEPTED, QUEUED, REJECTED;

    public String wireName() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  /** A rejection before or instead of the loop (bad JSON, replayed id, clock, timeout). */
  public static Ack rejected(String id, String name, Origin origin, String zone, String reason, long nowMillis) {
    return new Ack(id, null, name, origin, Result.REJECTED, reason, zone, -1, 0, null, nowMillis, null);
  }

  public Ack withStatus(Map<String, Object> s) {
    return new Ack(id, kind, name, origin, result, reason, zone, grantedMillis, startMillis, note, timeMillis, s);
  }

  public boolean applied() {
    return result != Result.REJECTED;
  }
}
