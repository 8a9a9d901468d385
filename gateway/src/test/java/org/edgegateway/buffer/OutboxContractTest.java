// SPDX-License-Identifier: Apache-2.0
package org.edgegateway.buffer;

import static org.edgegateway.buffer.Items.alert;
import static org.edgegateway.buffer.Items.all;
import static org.edgegateway.buffer.Items.dropReports;
import static org.edgegateway.buffer.Items.items;
import static org.edgegateway.buffer.Items.reading;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.edgegateway.data.Event;
import org.edgegateway.data.Item;
import org.edgegateway.data.Priority;
import org.edgegateway.data.Quality;
import org.edgegateway.data.Reading;
import org.edgegateway.data.Severity;
import org.edgegateway.uplink.senml.StoredRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What every {@link Outbox} promises. One subclass per implementation supplies {@link #open}, so the SQLite and
 * memory outboxes pass the same tests (like okio's BufferedSourceTest).
 */
abstract class OutboxContractTest {
  private static final long T0 = Instant.parse("2026-06-01T12:00:00Z").toEpochMilli();
  private static final long FLUSH_MILLIS = 10_000;

  private final MutableClock clock = new MutableClock(Instant.ofEpochMilli(T0));
  @TempDir
  Path dir;
  private Outbox outbox;

  /** Opens the implementation under test. */
  abstract Outbox open(OutboxSettings settings, Clock clock) throws IOException;

  /** Opens the implementation under test with per-uplink delivery state. */
  abstract Outbox open(OutboxSettings settings, Clock clock, Carriers carriers) throws IOException;

  @AfterEach
  void close() throws IOException {
    if (outbox != null) outbox.close();
  }

  private OutboxSettings settings() {
    return OutboxSettings.defaults(dir.resolve("outbox.db")).withCommit(Duration.ofMillis(2), 100);
  }

  private Outbox open(OutboxSettings settings) throws IOException {
    outbox = open(settings, clock);
    return outbox;
  }

  private void offerAll(List<? extends Item> items) throws InterruptedException {
    for (Item item : items) assertTrue(outbox.offer(item), "offer " + item);
    assertTrue(outbox.flush(FLUSH_MILLIS), "flush");
  }

  private static List<Reading> readings(int from, int to) {
    List<Reading> list = new ArrayList<>();
    for (int i = from; i < to; i++) list.add(reading(T0 + i, i));
    return list;
  }

  @Test
  void eachPriorityIsReplayedOldestFirst() throws Exception {
    open(settings());
    Reading t1 = reading(T0, 1);
    Event e1 = alert(T0 + 1, "bed-1");
    Reading t2 = reading(T0 + 2, 2);
    Event e2 = alert(T0 + 3, "bed-2");
    Reading t3 = reading(T0 + 4, 3);
    offerAll(List.of(t1, e1, t2, e2, t3));

    assertEquals(List.of(t1, t2, t3), items(all(outbox, Priority.TELEMETRY)));
    assertEquals(List.of(e1, e2), items(all(outbox, Priority.EVENT)));
  }

  @Test
  void eventOfferedLastIsStillReplayedBeforeAnyTelemetry() throws Exception {
    open(settings());
    offerAll(readings(0, 50));
    Event late = alert(T0 + 100, "bed-9");
    offerAll(List.of(late));

    List<Outbox.Entry> events = outbox.next(Priority.EVENT, 0, 10);
    assertEquals(List.of(late), items(events));
    assertEquals(50, outbox.next(Priority.TELEMETRY, 0, 1000).size());
  }

  @Test
  void readingsComeBackWithTheirStoredRecordAndEventsWithout() throws Exception {
    open(settings());
    Reading nan = new Reading("bed-2.moisture", T0 + 1, Double.NaN, "%RH", Quality.SENSOR_ERROR);
    offerAll(List.of(reading(T0, 21.5), nan, alert(T0 + 2, "bed-1")));

    for (Outbox.Entry e : all(outbox, Priority.TELEMETRY)) {
      assertArrayEquals(StoredRecord.of((Reading) e.item()), e.record(), e.toString());
    }
    assertNull(all(outbox, Priority.EVENT).get(0).record());
  }

  @Test
  void ackedRowsAroundAnUnackedOneGoAndItStaysWithTheEventsBetweenThem() throws Exception {
    open(settings());
    List<Item> offered = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      offered.add(reading(T0 + i, i));
      if (i % 7 == 3) offered.add(alert(T0 + i, "bed-" + i));
    }
    offerAll(offered);
    List<Outbox.Entry> telemetry = all(outbox, Priority.TELEMETRY);
    List<Outbox.Entry> acked = new ArrayList<>(telemetry);
    Outbox.Entry kept = acked.remove(12);
    Outbox.Entry last = acked.remove(acked.size() - 1);

    outbox.ack(acked);

    assertEquals(List.of(kept, last), all(outbox, Priority.TELEMETRY));
    assertEquals(4, all(outbox, Priority.EVENT).size());
    assertEquals(2, outbox.stats().storedTelemetry());
    assertEquals(28, outbox.stats().acked());
    outbox.ack(List.of(last, kept));
    assertTrue(all(outbox, Priority.TELEMETRY).isEmpty());
    assertEquals(4, outbox.stats().storedEvents());
  }

  @Test
  void idsGrowInOfferOrderAndPageThroughTheBacklog() throws Exception {
    open(settings());
    offerAll(readings(0, 25));

    List<Outbox.Entry> first = outbox.next(Priority.TELEMETRY, 0, 10);
    List<Outbox.Entry> second = outbox.next(Priority.TELEMETRY, first.get(9).id(), 10);
    List<Outbox.Entry> third = outbox.next(Priority.TELEMETRY, second.get(9).id(), 10);
    assertEquals(List.of(10, 10, 5), List.of(first.size(), second.size(), third.size()));
    assertTrue(outbox.next(Priority.TELEMETRY, third.get(4).id(), 10).isEmpty());
    List<Outbox.Entry> pages = new ArrayList<>(first);
    pages.addAll(second);
    pages.addAll(third);
    for (int i = 0; i < pages.size(); i++) {
      assertEquals((double) i, ((Reading) pages.get(i).item()).value());
      if (i > 0) assertTrue(pages.get(i).id() > pages.get(i - 1).id(), "ids grow");
    }
  }

  @Test
  void ackedEntriesAreNotReplayedAgainAndAckingTwiceIsHarmless() throws Exception {
    open(settings());
    offerAll(readings(0, 5));
    List<Outbox.Entry> entries = outbox.next(Priority.TELEMETRY, 0, 10);

    outbox.ack(entries.subList(0, 3));
    outbox.ack(entries.subList(0, 3));

    assertEquals(entries.subList(3, 5), outbox.next(Priority.TELEMETRY, 0, 10));
    OutboxStats stats = outbox.stats();
    assertEquals(3, stats.acked());
    assertEquals(2, stats.storedTelemetry());
    assertEquals(5, stats.committed());
  }

  @Test
  void everyFieldRoundTripsExactly() throws Exception {
    open(settings());
    List<Item> items = new ArrayList<>();
    double[] values = {Double.NaN, Double.longBitsToDouble(0x7ff8_0000_0000_0123L), -0.0, Double.NEGATIVE_INFINITY,
        Double.MIN_VALUE, -1234.5678e300};
    int i = 0;
    for (Quality q : Quality.values()) {
      items.add(new Reading("bäume-ü.🌳 " + q, T0 - 1000 + i, values[i++ % values.length], "", q));
    }
    for (Severity s : Severity.values()) {
      items.add(new Event(Long.MIN_VALUE + i, "valve.opened", "", s, "", values[i++ % values.length]));
    }
    items.add(new Event(T0, "rule.fired", "zone-1", Severity.INFO, "x".repeat(70_000), 1));
    offerAll(items);

    List<Item> back = items(all(outbox, Priority.TELEMETRY));
    back.addAll(items(all(outbox, Priority.EVENT)));
    assertEquals(items, back);
    Reading nanWithPayload = (Reading) back.get(1);
    assertEquals(0x7ff8_0000_0000_0123L, Double.doubleToRawLongBits(nanWithPayload.value()));
  }

  @Test
  void oldestTelemetryDroppedBeforeEvents() throws Exception {
    open(settings().withMaxRows(10));
    Event e1 = alert(T0, "bed-1");
    Event e2 = alert(T0, "bed-2");
    offerAll(List.of(e1, e2));
    offerAll(readings(0, 30));

    List<Item> events = items(all(outbox, Priority.EVENT));
    assertEquals(List.of(e1, e2), events.subList(0, 2));
    assertEquals(readings(23, 30), items(all(outbox, Priority.TELEMETRY)));
    List<Event> reports = dropReports(outbox, "row-cap");
    assertEquals(1, reports.size(), "one report for the episode: " + reports);
    assertTrue(reports.get(0).value() >= 1);
    assertEquals(List.of(e1, e2, reports.get(0)), events);
    OutboxStats stats = outbox.stats();
    assertEquals(23, stats.droppedCap());
    assertEquals(10, stats.stored());
  }

  @Test
  void dropsAfterTheFirstReportAreSummedIntoOneReportPerInterval() throws Exception {
    open(settings().withMaxRows(10));
    offerAll(readings(0, 20));
    offerAll(readings(20, 40));
    assertEquals(1, dropReports(outbox, "row-cap").size());

    clock.advance(Duration.ofMinutes(1));
    offerAll(readings(40, 41));

    List<Event> reports = dropReports(outbox, "row-cap");
    assertEquals(2, reports.size(), "one more for the next interval: " + reports);
    double reported = reports.get(0).value() + reports.get(1).value();
    assertTrue(reported <= outbox.stats().droppedCap() && reported >= 30, "reported " + reported);
  }

  @Test
  void eventReserveKeepsRoomForAlertsDuringALongOutage() throws Exception {
    open(settings().withMaxRows(100));
    offerAll(readings(0, 500));
    List<Event> alerts = new ArrayList<>();
    for (int i = 0; i < 5; i++) alerts.add(alert(T0 + 1000 + i, "bed-" + i));
    offerAll(alerts);
    offerAll(readings(500, 1000));

    List<Item> events = items(all(outbox, Priority.EVENT));
    assertTrue(events.containsAll(alerts), "alerts kept: " + events);
    assertTrue(outbox.stats().storedTelemetry() <= 90, "telemetry stays out of the reserve");
    assertTrue(outbox.stats().stored() <= 100);
  }

  @Test
  void eventsAreDroppedOnlyWhenNoTelemetryIsLeft() throws Exception {
    open(settings().withMaxRows(10));
    List<Event> alerts = new ArrayList<>();
    for (int i = 0; i < 15; i++) alerts.add(alert(T0 + i, "bed-" + i));
    offerAll(alerts);

    List<Item> events = items(all(outbox, Priority.EVENT));
    assertTrue(events.contains(alerts.get(14)), "newest alert kept");
    assertFalse(events.contains(alerts.get(0)), "oldest alert dropped");
    assertTrue(events.size() <= 10);
    Event report = dropReports(outbox, "row-cap").get(0);
    assertEquals(Severity.CRITICAL, report.severity());
  }

  @Test
  void ageCapDropsOldTelemetryButKeepsEvents() throws Exception {
    open(settings().withMaxAge(Duration.ofHours(1)));
    Event old = alert(T0, "bed-1");
    offerAll(List.of(reading(T0, 1), reading(T0 + 1, 2), old));
    clock.advance(Duration.ofHours(2));
    Reading fresh = reading(clock.millis(), 3);
    offerAll(List.of(fresh));

    assertEquals(List.of(fresh), items(all(outbox, Priority.TELEMETRY)));
    assertTrue(items(all(outbox, Priority.EVENT)).contains(old));
    assertEquals(1, dropReports(outbox, "age-cap").size());
    assertEquals(2, outbox.stats().droppedCap());
  }

  @Test
  void sizeCapDropsOldestTelemetry() throws Exception {
    long cap = 256 * 1024;
    open(settings().withMaxBytes(cap));
    List<Reading> many = new ArrayList<>();
    for (int i = 0; i < 5000; i++) many.add(new Reading("channel-" + "x".repeat(60), T0 + i, i, "Cel", Quality.OK));
    offerAll(many);
    offerAll(List.of(alert(T0, "bed-1")));

    OutboxStats stats = outbox.stats();
    assertTrue(stats.bytesOnDisk() <= cap + 16 * 1024, "bytes " + stats.bytesOnDisk());
    assertTrue(stats.droppedCap() > 0);
    assertFalse(dropReports(outbox, "size-cap").isEmpty());
    List<Outbox.Entry> telemetry = all(outbox, Priority.TELEMETRY);
    assertEquals(many.get(many.size() - 1), telemetry.get(telemetry.size() - 1).item(), "newest kept");
  }

  @Test
  void statsCountStoredOldestAndCommitted() throws Exception {
    open(settings());
    offerAll(List.of(reading(T0 - 5000, 1), alert(T0 - 7000, "bed-1"), reading(T0, 2)));

    OutboxStats stats = outbox.stats();
    assertEquals(1, stats.storedEvents());
    assertEquals(2, stats.storedTelemetry());
    assertEquals(T0 - 7000, stats.oldestMillis());
    assertEquals(3, stats.committed());
    assertEquals(0, stats.dropped());
    assertTrue(stats.bytesOnDisk() > 0);
  }

  @Test
  void concurrentProducersKeepTheirOwnOrderAndFlushCoversThemAll() throws Exception {
    open(settings());
    int producers = 4;
    int each = 2_000;
    List<Thread> threads = new ArrayList<>();
    for (int p = 0; p < producers; p++) {
      String channel = "producer-" + p;
      threads.add(new Thread(() -> {
        for (int i = 0; i < each; i++) outbox.offer(new Reading(channel, T0 + i, i, "1", Quality.OK));
      }));
    }
    threads.forEach(Thread::start);
    for (Thread t : threads) t.join(FLUSH_MILLIS);
    assertTrue(outbox.flush(FLUSH_MILLIS));

    List<Item> stored = items(all(outbox, Priority.TELEMETRY));
    assertEquals(producers * each, stored.size());
    double[] last = {-1, -1, -1, -1};
    for (Item item : stored) {
      Reading r = (Reading) item;
      int p = r.channel().charAt(r.channel().length() - 1) - '0';
      assertEquals(last[p] + 1, r.value(), "order of " + r.channel());
      last[p] = r.value();
    }
  }

  @Test
  void offerAfterCloseIsRefusedAndCloseIsIdempotent() throws Exception {
    open(settings());
    outbox.close();
    outbox.close();

    assertFalse(outbox.offer(reading(T0, 1)));
    assertEquals(1, outbox.stats().droppedQueueFull());
  }

  private static Carriers mqttAndCoap(Set<Priority> coapCarries) {
    return new Carriers(Map.of("mqtt", EnumSet.allOf(Priority.class), "coap", coapCarries));
  }

  @Test
  void withTwoUplinksEachGetsEveryEntryAndARowGoesOnlyWhenBothAcked() throws Exception {
    outbox = open(settings(), clock, mqttAndCoap(EnumSet.allOf(Priority.class)));
    offerAll(readings(0, 6));
    Outbox mqtt = outbox.forUplink("mqtt");
    Outbox coap = outbox.forUplink("coap");

    List<Outbox.Entry> fromMqtt = mqtt.next(Priority.TELEMETRY, 0, 10);
    mqtt.ack(fromMqtt.subList(0, 4));

    assertEquals(fromMqtt.subList(4, 6), mqtt.next(Priority.TELEMETRY, 0, 10), "mqtt is not given its acked rows");
    List<Outbox.Entry> fromCoap = coap.next(Priority.TELEMETRY, 0, 10);
    assertEquals(fromMqtt, fromCoap, "coap still gets everything");
    assertEquals(6, outbox.stats().storedTelemetry());

    coap.ack(fromCoap.subList(0, 2));
    assertEquals(4, outbox.stats().storedTelemetry());
    assertEquals(fromMqtt.subList(2, 6), outbox.next(Priority.TELEMETRY, 0, 10));
    mqtt.ack(fromMqtt.subList(4, 6));
    coap.ack(fromCoap.subList(2, 6));
    coap.ack(fromCoap.subList(2, 6));

    assertTrue(outbox.next(Priority.TELEMETRY, 0, 10).isEmpty());
    assertEquals(6, outbox.stats().acked());
  }

  @Test
  void aKindOneUplinkDoesNotCarryGoesOnTheOtherUplinksAckAndLooksEmptyToIt() throws Exception {
    outbox = open(settings(), clock, mqttAndCoap(EnumSet.of(Priority.TELEMETRY)));
    offerAll(List.of(alert(T0, "bed-1"), reading(T0, 1)));
    Outbox mqtt = outbox.forUplink("mqtt");
    Outbox coap = outbox.forUplink("coap");

    assertTrue(coap.next(Priority.EVENT, 0, 10).isEmpty(), "coap carries no events");
    mqtt.ack(mqtt.next(Priority.EVENT, 0, 10));
    mqtt.ack(mqtt.next(Priority.TELEMETRY, 0, 10));

    assertEquals(0, outbox.stats().storedEvents(), "the only carrier of events acked");
    assertEquals(1, outbox.stats().storedTelemetry(), "coap still owes the reading");
    coap.ack(coap.next(Priority.TELEMETRY, 0, 10));
    assertEquals(0, outbox.stats().stored());
  }

  @Test
  void oneUplinkAloneAcksAsFastAsWithoutUplinkNames() throws Exception {
    outbox = open(settings(), clock, Carriers.of("mqtt"));
    offerAll(readings(0, 3));
    Outbox mqtt = outbox.forUplink("mqtt");

    mqtt.ack(mqtt.next(Priority.TELEMETRY, 0, 10));

    assertEquals(0, outbox.stats().stored());
    assertEquals(3, outbox.stats().acked());
  }

  @Test
  void deadLettersAreKeptOldestFirstWithTheirBytes() throws Exception {
    outbox = open(settings(), clock, mqttAndCoap(EnumSet.allOf(Priority.class)));
    outbox.deadLetter(new DeadLetter("coap", "telemetry", T0, "4.00 bad", 112, new byte[] {1, 2}));
    outbox.deadLetter(new DeadLetter("coap", "events", T0 + 1, "4.13 too large", 60, new byte[] {3}));

    List<DeadLetter> letters = outbox.deadLetters(10);
    assertEquals(List.of("4.00 bad", "4.13 too large"), letters.stream().map(DeadLetter::reason).toList());
    assertEquals(List.of((byte) 1, (byte) 2), List.of(letters.get(0).payload()[0], letters.get(0).payload()[1]));
    assertEquals(1, outbox.deadLetters(1).size());
    assertEquals("4.13 too large", outbox.deadLetters(1).get(0).reason());
  }

  @Test
  void anUndeclaredUplinkIsRefused() throws Exception {
    outbox = open(settings(), clock, Carriers.of("mqtt"));
    assertThrows(IllegalArgumentException.class, () -> outbox.forUplink("coap"));
  }
}
