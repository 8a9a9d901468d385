// SPDX-License-Identifier: Apache-2.0
package org.edgegateway.uplink;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.function.Consumer;
import org.edgegateway.buffer.DeadLetter;
import org.edgegateway.buffer.Outbox;
import org.edgegateway.data.Event;
import org.edgegateway.data.Severity;

/**
 * Where one uplink's messages go that the platform refused for good: into the outbox's dead-letter table, with an
 * {@code uplink.dead-letter} event at most once a minute (counting the refusals in between).
 */
public final class DeadLetterSink {
  private static final Duration EVENT_EVERY = Duration.ofMinutes(1);

  private final String uplink;
  private final Outbox outbox;
  private final Clock clock;
  private final Consumer<Event> events;
  private long lastEventMillis = Long.MIN_VALUE;
  private long unreported;

  public DeadLetterSink(String uplink, Outbox outbox, Clock clock, Consumer<Event> events) {
    this.uplink = uplink;
    this.outbox = outbox;
    this.clock = clock;
    this.events = events;
  }

  /** Durable first: the dead letter is committed before this returns (and the uplink reports the message done). */
  public void refused(UplinkTopic topic, int contentFormat, byte[] payload, String reason) throws IOException {
    outbox.deadLetter(new DeadLetter(uplink, topic.suffix(), clock.millis(), reason, contentFormat, payload));
    Event event = null;
    synchronized (this) {
      unreported++;
      long now = clock.millis();
      if (lastEventMillis == Long.MIN_VALUE || now - lastEventMillis >= EVENT_EVERY.toMillis()) {
        event = new Event(now, "uplink.dead-letter", uplink, Severity.WARNING, "platform refused " + unreported
            + " message(s) for good, latest " + topic.suffix() + " (" + payload.length + " bytes): " + reason,
            unreported);
        lastEventMillis = now;
        unreported = 0;
      }
    }
    // Outside the lock: the event goes to the log and the outbox.
    if (event != null) events.accept(event);
  }
}
