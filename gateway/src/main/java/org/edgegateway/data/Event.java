// SPDX-License-Identifier: Apache-2.0
package org.edgegateway.data;

/**
 * Something that happened, as opposed to something measured: a valve change with its reason, an alert raised or
 * cleared, a buffer drop, a rejected command. {@code kind} is a dotted name such as {@code valve.opened},
 * {@code alert.raised}, {@code buffer.dropped}; {@code source} the id it is about (zone, alert, channel);
 * {@code value} the number that caused it, or NaN.
 */
public record Event(long timeMillis, String kind, String source, Severity severity, String message, double value)
    implements Item {
  public Event {
    if (kind == null || kind.isEmpty()) throw new IllegalArgumentException("kind empty");
    if (source == null) throw new IllegalArgumentException("source null for " + kind);
    if (severity == null) throw new IllegalArgumentException("severity null for " + kind);
    if (message == null) throw new IllegalArgumentException("message null for " + kind);
  }

  @Override
  public Priority priority() {
    return Priority.EVENT;
  }
}
