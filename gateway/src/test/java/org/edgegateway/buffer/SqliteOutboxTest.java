// SPDX-License-Identifier: Apache-2.0
package org.edgegateway.buffer;

import static org.edgegateway.buffer.Items.alert;
import static org.edgegateway.buffer.Items.all;
import static org.edgegateway.buffer.Items.items;
import static org.edgegateway.buffer.Items.reading;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.LongStream;
import java.util.concurrent.CopyOnWriteArrayList;
import org.edgegateway.data.Item;
import org.edgegateway.data.Priority;
import org.edgegateway.data.Quality;
import org.edgegateway.data.Reading;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What only the durable outbox promises: reopening, a full disk, the query plans, the commit listener. */
class SqliteOutboxTest {
  private static final long T0 = Instant.parse("2026-06-01T12:00:00Z").toEpochMilli();
  private static final long FLUSH_MILLIS = 10_000;

  private final MutableClock clock = new MutableClock(Instant.ofEpochMilli(T0));
  @TempDir
  Path dir;

  private OutboxSettings settings() {
    return OutboxSettings.defaults(dir.resolve("outbox.db")).withCommit(Duration.ofMillis(2), 100);
  }

  @Test
  void reopenKeepsEverythingInOrder() throws Exception {
    List<Item> offered = List.of(reading(T0, 1), alert(T0, "bed-1"), reading(T0 + 1, 2));
    List<Outbox.Entry> telemetry;
    List<Outbox.Entry> events;
    try (SqliteOutbox outbox = SqliteOutbox.open(settings(), clock)) {
      offered.forEach(outbox::offer);
      assertTrue(outbox.flush(FLUSH_MILLIS));
      telemetry = all(outbox, Priority.TELEMETRY);
      events = all(outbox, Priority.EVENT);
    }

    try (SqliteOutbox outbox = SqliteOutbox.open(settings(), clock)) {
      assertEquals(telemetry, all(outbox, Priority.TELEMETRY));
      assertEquals(events, all(outbox, Priority.EVENT));
      OutboxStats stats = outbox.stats();
      assertEquals(1, stats.storedEvents());
      assertEquals(2, stats.storedTelemetry());
      assertEquals(T0, stats.oldestMillis());
    }
    assertEquals(List.of("ok"), SqliteFiles.integrityCheck(settings().file()));
  }

  @Test
  void rowCountsAreRebuiltOnceWhenTheirTableIsMissing() throws Exception {
    try (SqliteOutbox outbox = SqliteOutbox.open(settings(), clock)) {
      for (int i = 0; i < 7; i++) outbox.offer(reading(T0 + i, i));
      outbox.offer(alert(T0, "bed-1"));
      assertTrue(outbox.flush(FLUSH_MILLIS));
    }
    SqliteFiles.execute(settings().file(), "DELETE FROM outbox_count");

    try (SqliteOutbox outbox = SqliteOutbox.open(settings(), clock)) {
      assertEquals(1, outbox.stats().storedEvents());
      assertEquals(7, outbox.stats().storedTelemetry());
    }
  }

  @Test
  void idsAreNeverReusedAfterTheNewestRowWasAcked() throws Exception {
    long lastId;
    try (SqliteOutbox outbox = SqliteOutbox.open(settings(), clock)) {
      for (int i = 0; i < 3; i++) outbox.offer(reading(T0 + i, i));
      assertTrue(outbox.flush(FLUSH_MILLIS));
      List<Outbox.Entry> entries = outbox.next(Priority.TELEMETRY, 0, 10);
      lastId = entries.get(2).id();
      outbox.ack(entries);
    }

    try (SqliteOutbox outbox = SqliteOutbox.open(settings(), clock)) {
      outbox.offer(reading(T0 + 9, 9));
      assertTrue(outbox.flush(FLUSH_MILLIS));
      assertEquals(1, outbox.next(Priority.TELEMETRY, lastId, 10).size(), "a forwarder's cursor stays valid");
    }
  }

  @Test
  void fullDiskIsSurvivedAndEverythingQueuedSinceIsCommitted() throws Exception {
    try (SqliteOutbox outbox = SqliteOutbox.open(settings(), clock)) {
      List<Item> accepted = new ArrayList<>();
      offer(outbox, accepted, 0, 10);
      assertTrue(outbox.flush(FLUSH_MILLIS));
      long pages = outbox.maxPageCount(1);

      int next = 10;
      boolean stalled = false;
      while (!stalled && next < 20_000) {
        offer(outbox, accepted, next, next + 50);
        next += 50;
        stalled = !outbox.flush(1_000);
      }
      assertTrue(stalled, "writes fail once the page limit is reached");
      assertTrue(outbox.stats().writeErrors() > 0);
      accepted.add(alert(T0, "bed-1"));
      assertTrue(outbox.offer(accepted.get(accepted.size() - 1)), "events still accepted while the disk is full");
      offer(outbox, accepted, next, next + 100);
      assertFalse(outbox.flush(200), "nothing commits while the disk is full");

      assertTrue(outbox.maxPageCount(1_000_000) > pages);
      assertTrue(outbox.flush(FLUSH_MILLIS), "everything queued since commits once space returns");

      List<Item> stored = items(all(outbox, Priority.EVENT));
      stored.addAll(items(all(outbox, Priority.TELEMETRY)));
      assertEquals(accepted.size(), stored.size());
      assertTrue(stored.containsAll(accepted));
      assertEquals(0, outbox.stats().dropped());
    }
    assertEquals(List.of("ok"), SqliteFiles.integrityCheck(settings().file()));
  }

  @Test
  void closeReleasesTheFileEvenWhenTheFinalWriteFails() throws Exception {
    SqliteOutbox outbox = SqliteOutbox.open(settings(), clock);
    outbox.maxPageCount(1);
    List<Item> accepted = new ArrayList<>();
    for (int i = 0; outbox.flush(1_000) && i < 400; i++) offer(outbox, accepted, i * 50, i * 50 + 50);

    assertThrows(IOException.class, outbox::close, "items lost at close are reported");
    outbox.close();
    assertTrue(outbox.stats().droppedQueueFull() > 0, "and counted");

    try (SqliteOutbox reopened = SqliteOutbox.open(settings(), clock)) {
      reopened.offer(reading(T0, 1));
      assertTrue(reopened.flush(FLUSH_MILLIS), "the file is not held by the closed outbox");
    }
  }

  @Test
  void commitListenerHearsTheHighestCommittedId() throws Exception {
    List<Long> heard = new CopyOnWriteArrayList<>();
    try (SqliteOutbox outbox = SqliteOutbox.open(settings(), clock, heard::add)) {
      for (int i = 0; i < 250; i++) outbox.offer(reading(T0 + i, i));
      assertTrue(outbox.flush(FLUSH_MILLIS));

      List<Outbox.Entry> stored = all(outbox, Priority.TELEMETRY);
      long newest = stored.get(stored.size() - 1).id();
      assertEquals(newest, heard.get(heard.size() - 1));
      assertEquals(newest, outbox.highestCommittedId());
      for (int i = 1; i < heard.size(); i++) assertTrue(heard.get(i) > heard.get(i - 1), "grows");
    }
  }

  @Test
  void writerKeepsCommittingWhenTheCommitListenerThrows() throws Exception {
    CommitListener failing = id -> {
      throw new IllegalStateException("listener broken");
    };
    try (SqliteOutbox outbox = SqliteOutbox.open(settings(), clock, failing)) {
      outbox.offer(reading(T0, 1));
      assertTrue(outbox.flush(FLUSH_MILLIS));
      outbox.offer(reading(T0 + 1, 2));
      assertTrue(outbox.flush(FLUSH_MILLIS));
      assertEquals(2, outbox.stats().storedTelemetry());
    }
  }

  @Test
  void openingInAMissingDirectoryFailsNamingTheFile() {
    OutboxSettings missing = OutboxSettings.defaults(dir.resolve("no-such-dir").resolve("outbox.db"));
    IOException e = assertThrows(IOException.class, () -> SqliteOutbox.open(missing, clock));
    assertTrue(e.getMessage().contains(missing.file().toString()), e.getMessage());
  }

  @Test
  void ackedIdsJoinOneRangeUnlessARowOfTheirPriorityLiesBetween() throws Exception {
    long[] ids = {3, 4, 5, 9, 10, 20, 21, 30};
    // Rows of this priority exist only between 10 and 20 (an unacked one); 5..9 and 21..30 hold other rows or none.
    List<long[]> ranges = OutboxTable.ranges(ids, (a, b) -> a == 10 && b == 20);
    assertEquals(List.of("3-10", "20-30"), ranges.stream().map(r -> r[0] + "-" + r[1]).toList());
    assertEquals(List.of("1-2000"), OutboxTable.ranges(LongStream.rangeClosed(1, 2000).toArray(),
        (a, b) -> { throw new AssertionError("consecutive ids need no probe"); }).stream()
        .map(r -> r[0] + "-" + r[1]).toList());
    assertTrue(OutboxTable.ranges(new long[0], (a, b) -> true).isEmpty());
  }

  @Test
  void replayAndTrimmingUseTheIndexInsteadOfScanning() throws Exception {
    try (SqliteOutbox outbox = SqliteOutbox.open(settings(), clock)) {
      outbox.offer(reading(T0, 1));
      assertTrue(outbox.flush(FLUSH_MILLIS));
    }
    Path file = settings().file();
    for (String sql : List.of(OutboxTable.NEXT_SQL, OutboxTable.OLDEST_SQL,
        "DELETE FROM outbox WHERE priority = ? AND id <= ?", OutboxTable.DELETE_RANGE_SQL)) {
      int parameters = sql.equals(OutboxTable.NEXT_SQL) || sql.equals(OutboxTable.DELETE_RANGE_SQL) ? 3 : 2;
      String plan = String.join("; ", SqliteFiles.queryPlan(file, sql, parameters));
      assertTrue(plan.contains("outbox_by_priority (priority=?"), sql + " -> " + plan);
      assertFalse(plan.contains("SCAN"), sql + " -> " + plan);
    }
  }

  @Test
  void telemetryOverflowingTheQueueIsDroppedButEventsStillFit() throws Exception {
    OutboxSettings tiny = settings().withQueues(5, 5);
    try (SqliteOutbox outbox = SqliteOutbox.open(tiny, clock)) {
      outbox.maxPageCount(1);
      List<Item> accepted = new ArrayList<>();
      for (int i = 0; outbox.flush(1_000) && i < 400; i++) offer(outbox, accepted, i * 50, i * 50 + 50);
      for (int i = 0; i < 100; i++) outbox.offer(reading(T0, i));

      assertTrue(outbox.offer(alert(T0, "bed-1")), "the event queue is apart from the telemetry queue");
      assertTrue(outbox.stats().droppedQueueFull() >= 95);
      outbox.maxPageCount(1_000_000);
      assertTrue(outbox.flush(FLUSH_MILLIS));
      assertFalse(Items.dropReports(outbox, "queue-full").isEmpty(), "queue drops reported as an event");
    }
  }

  private static void offer(SqliteOutbox outbox, List<Item> accepted, int from, int to) {
    for (int i = from; i < to; i++) {
      Reading r = new Reading("bed-1.moisture-" + "x".repeat(100), T0 + i, i, "%RH", Quality.OK);
      if (outbox.offer(r)) accepted.add(r);
    }
  }
}
