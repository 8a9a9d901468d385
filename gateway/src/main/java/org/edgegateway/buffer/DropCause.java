// SPDX-License-Identifier: Apache-2.0
package org.edgegateway.buffer;

/** Why the buffer dropped an item; the wire name is the {@code source} of its {@code buffer.dropped} event. */
enum DropCause {
  QUEUE_FULL("queue-full", "writer queue full (disk slow or failing)"),
  ROW_CAP("row-cap", "row cap reached"),
  SIZE_CAP("size-cap", "size cap reached"),
  AGE_CAP("age-cap", "older than the age cap"),
  CLOSED("closed", "offered after close, or not written at close");

  private final String wireName;
  private final String reason;

  DropCause(String wireName, String reason) {
    this.wireName = wireName;
    this.reason = reason;
  }

  String wireName() {
    return wireName;
  }

  String reason() {
    return reason;
  }

  /** Counted in {@link OutboxStats#droppedCap()}; the others in {@link OutboxStats#droppedQueueFull()}. */
  boolean isCap() {
    return this == ROW_CAP || this == SIZE_CAP || this == AGE_CAP;
  }
}
