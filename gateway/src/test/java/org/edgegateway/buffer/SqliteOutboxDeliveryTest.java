// SPDX-License-Identifier: Apache-2.0
package org.edgegateway.buffer;

import static org.edgegateway.buffer.Items.reading;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import org.edgegateway.data.Priority;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Per-uplink delivery state in the SQLite file: across a reopen, under the caps, and its query plan. */
class SqliteOutboxDeliveryTest {
  private static final long T0 = Instant.parse("2026-06-01T12:00:00Z").toEpochMilli();
  private static final Carriers BOTH = new Carriers(Map.of("mqtt", EnumSet.allOf(Priority.class),
      "coap", EnumSet.allOf(Priority.class)));

  private final MutableClock clock = new MutableClock(Instant.ofEpochMilli(T0));
  @TempDir
  Path dir;

  private OutboxSettings settings() {
    return OutboxSettings.defaults(dir.resolve("outbox.db")).withCommit(Duration.ofMillis(2), 100);
  }

  private SqliteOutbox open(OutboxSettings settings) throws Exception {
    return SqliteOutbox.open(settings, clock, id -> { }, BOTH);
  }

  @Test
  void whatOneUplinkAckedStaysAckedForItAfterAReopen() throws Exception {
    List<Outbox.Entry> entries;
    try (SqliteOutbox outbox = open(settings())) {
      for (int i = 0; i < 4; i++) outbox.offer(reading(T0 + i, i));
      assertTrue(outbox.flush(10_000));
      entries = outbox.forUplink("mqtt").next(Priority.TELEMETRY, 0, 10);
      outbox.forUplink("mqtt").ack(entries.subList(0, 3));
    }
    try (SqliteOutbox outbox = open(settings())) {
      assertEquals(entries.subList(3, 4), outbox.forUplink("mqtt").next(Priority.TELEMETRY, 0, 10));
      assertEquals(entries, outbox.forUplink("coap").next(Priority.TELEMETRY, 0, 10));
      outbox.forUplink("coap").ack(entries);
      assertEquals(entries.subList(3, 4), outbox.next(Priority.TELEMETRY, 0, 10));
    }
    assertEquals(List.of("1"), SqliteFiles.column(settings().file(), "SELECT count(*) FROM delivery"),
        "one mark left: the last row is done for coap and waits for mqtt");
  }

  @Test
  void capsRemoveTheMarksOfTheRowsTheyDrop() throws Exception {
    try (SqliteOutbox outbox = open(settings().withMaxRows(1000))) {
      for (int i = 0; i < 500; i++) outbox.offer(reading(T0 + i, i));
      assertTrue(outbox.flush(10_000));
      Outbox mqtt = outbox.forUplink("mqtt");
      mqtt.ack(mqtt.next(Priority.TELEMETRY, 0, 1000));
      for (int i = 500; i < 2000; i++) outbox.offer(reading(T0 + i, i));
      assertTrue(outbox.flush(10_000));
    }
    List<String> marks = SqliteFiles.column(settings().file(),
        "SELECT count(*) FROM delivery d WHERE NOT EXISTS (SELECT 1 FROM outbox o WHERE o.id = d.id)");
    assertEquals(List.of("0"), marks, "no marks of dropped rows");
  }

  @Test
  void perUplinkReplaySeeksInTheIndexes() throws Exception {
    try (SqliteOutbox outbox = open(settings())) {
      outbox.offer(reading(T0, 1));
      assertTrue(outbox.flush(10_000));
    }
    String plan = String.join("; ", SqliteFiles.queryPlan(settings().file(), DeliveryTable.NEXT_FOR_SQL, 4));
    assertTrue(plan.contains("outbox_by_priority (priority=?"), plan);
    assertTrue(plan.contains("PRIMARY KEY (uplink=? AND id=?)"), plan);
    assertFalse(plan.contains("SCAN"), plan);
  }
}
