// SPDX-License-Identifier: Apache-2.0
package org.edgegateway.uplink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.edgegateway.data.Event;
import org.edgegateway.data.Priority;
import org.edgegateway.data.Quality;
import org.edgegateway.data.Reading;
import org.edgegateway.data.Severity;
import org.edgegateway.testing.Await;
import org.edgegateway.uplink.senml.EventCodec;
import org.edgegateway.uplink.senml.SenmlDecoder;
import org.edgegateway.uplink.senml.SenmlFormat;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ForwarderTest {
  static final Duration WAIT = Duration.ofSeconds(10);
  static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-23T18:00:00Z"), ZoneOffset.UTC);

  final FakeOutbox outbox = new FakeOutbox();
  Forwarder forwarder;

  @AfterEach
  void stop() {
    if (forwarder != null) forwarder.stop();
  }

  static Reading reading(int i) {
    return new Reading("ch-" + (i % 4), 1_700_000_000_000L + i, i, "Cel", Quality.OK);
  }

  static Event event(int i) {
    return new Event(1_700_000_000_000L + i, "alert.raised", "ch-" + i, Severity.WARNING, "event " + i, i);
  }

  static long sequence(FakeUplink.Sent s) throws IOException {
    return s.topic() == UplinkTopic.EVENTS
        ? new EventCodec(SenmlFormat.JSON).decode(s.payload()).sequence()
        : new SenmlDecoder(SenmlFormat.JSON).decode(s.payload()).sequence();
  }

  @Test
  void storedEventsGoBeforeTelemetryAndAckFollowsConfirmation() throws IOException {
    for (int i = 0; i < 5; i++) outbox.offer(reading(i));
    outbox.offer(event(1));
    FakeUplink uplink = new FakeUplink(1024, 4, false);
    forwarder = new Forwarder(outbox, uplink, "gw/", 100, CLOCK);

    forwarder.start();

    Await.until(WAIT, () -> uplink.sent().size() == 2, () -> "two packs: " + uplink.sent().size());
    List<FakeUplink.Sent> sent = uplink.sent();
    assertEquals(UplinkTopic.EVENTS, sent.get(0).topic());
    assertEquals(UplinkTopic.TELEMETRY, sent.get(1).topic());
    assertEquals(100, sequence(sent.get(0)));
    assertEquals(101, sequence(sent.get(1)));
    assertEquals(6, outbox.size(), "nothing acked before confirmation");

    sent.get(1).result().complete(null);
    Await.until(WAIT, () -> outbox.size() == 1, "telemetry acked");
    assertEquals(1, outbox.count(Priority.EVENT));
    sent.get(0).result().complete(null);
    Await.until(WAIT, () -> outbox.size() == 0, "event acked");
    assertEquals(102, forwarder.nextSequence());
    assertEquals(CLOCK.millis(), forwarder.stats().lastAckMillis());
  }

  @Test
  void unconfirmedPacksNeverExceedTheWindow() {
    for (int i = 0; i < 2000; i++) outbox.offer(reading(i));
    FakeUplink uplink = new FakeUplink(256, 3, false);
    forwarder = new Forwarder(outbox, uplink, "gw/", 0, CLOCK);

    forwarder.start();

    Await.until(WAIT, () -> uplink.sent().size() == 3, "window filled");
    uplink.sent().get(0).result().complete(null);
    Await.until(WAIT, () -> uplink.sent().size() == 4, "one more after a confirmation");
    assertEquals(3, uplink.unconfirmed());
    assertTrue(uplink.sent().stream().allMatch(s -> s.payload().length <= 256));
  }

  @Test
  void newEventOvertakesTelemetryBacklog() throws IOException {
    for (int i = 0; i < 20_000; i++) outbox.offer(reading(i));
    FakeUplink uplink = new FakeUplink(512, 2, true);
    forwarder = new Forwarder(outbox, uplink, "gw/", 0, CLOCK);
    forwarder.start();
    Await.until(WAIT, () -> uplink.sent().size() > 10, "backlog draining");

    outbox.offer(event(7));

    Await.until(WAIT, () -> outbox.size() == 0, () -> "backlog drained, left " + outbox.size());
    List<UplinkTopic> topics = uplink.sent().stream().map(FakeUplink.Sent::topic).toList();
    int eventAt = topics.indexOf(UplinkTopic.EVENTS);
    assertTrue(eventAt > 0, "event sent");
    assertTrue(topics.size() - eventAt > 100, "event went out while the backlog was still draining: " + eventAt
        + " of " + topics.size());
  }

  @Test
  void failedPacksAreResentWithTheirSequenceNumbersEventsFirst() throws IOException {
    for (int i = 0; i < 3; i++) outbox.offer(reading(i));
    outbox.offer(event(1));
    FakeUplink uplink = new FakeUplink(1024, 8, false);
    forwarder = new Forwarder(outbox, uplink, "gw/", 0, CLOCK);
    forwarder.start();
    Await.until(WAIT, () -> uplink.sent().size() == 2, "two packs");

    uplink.goOffline();
    outbox.offer(reading(3));
    uplink.goOnline(true);

    Await.until(WAIT, () -> outbox.size() == 0, () -> "all acked, left " + outbox.size());
    List<Long> sequences = new ArrayList<>();
    for (FakeUplink.Sent s : uplink.sent()) sequences.add(sequence(s));
    assertEquals(List.of(0L, 1L, 0L, 1L, 2L), sequences);
    assertEquals(UplinkTopic.EVENTS, uplink.sent().get(2).topic());
    assertEquals(2, forwarder.stats().packsResent());
  }

  @Test
  void outboxFailureIsRetried() {
    outbox.failNextRead();
    outbox.offer(reading(1));
    FakeUplink uplink = new FakeUplink(1024, 8, true);
    forwarder = new Forwarder(outbox, uplink, "gw/", 0, CLOCK);

    forwarder.start();

    Await.until(WAIT, () -> outbox.size() == 0, "acked after the retry");
    assertEquals(1, forwarder.stats().outboxErrors());
  }

  @Test
  void stopThenStartReadsUnackedEntriesAgain() {
    for (int i = 0; i < 3; i++) outbox.offer(reading(i));
    FakeUplink uplink = new FakeUplink(1024, 8, false);
    forwarder = new Forwarder(outbox, uplink, "gw/", 0, CLOCK);
    forwarder.start();
    Await.until(WAIT, () -> uplink.sent().size() == 1, "one pack");

    forwarder.stop();
    forwarder.stop();
    uplink.goOnline(true);
    forwarder.start();

    Await.until(WAIT, () -> outbox.size() == 0, "acked after restart");
    assertEquals(2, uplink.sent().size());
  }
}
