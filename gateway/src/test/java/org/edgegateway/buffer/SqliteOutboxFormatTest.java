// SPDX-License-Identifier: Apache-2.0
package org.edgegateway.buffer;

import static org.edgegateway.buffer.Items.all;
import static org.edgegateway.buffer.Items.items;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.edgegateway.data.Event;
import org.edgegateway.data.Item;
import org.edgegateway.data.Priority;
import org.edgegateway.data.Quality;
import org.edgegateway.data.Reading;
import org.edgegateway.data.Severity;
import org.edgegateway.uplink.senml.StoredRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Files of the first buffer format (no {@code record} column), as installed gateways have them. The fixture
 * {@code outbox-format1.db} was written by the SqliteOutbox of commit f91e27d (the format-1 code): 120 readings of
 * three channels (every 11th NaN with sensor-error, every 5th 3 ms late) and 3 events interleaved, then the first 10
 * readings read and acked.
 */
class SqliteOutboxFormatTest {
  private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-30T12:00:00Z"), ZoneOffset.UTC);
  private static final long T0 = Instant.parse("2026-11-30T11:00:00Z").toEpochMilli();

  @TempDir
  Path dir;

  /** What the fixture's writer offered, before the first 10 readings were acked. */
  private static List<Item> offered() {
    List<Item> items = new ArrayList<>();
    for (int i = 0; i < 120; i++) {
      boolean bad = i % 11 == 0;
      items.add(new Reading("bed-" + (i % 3) + ".moisture", T0 + i * 1000L + (i % 5 == 0 ? 3 : 0),
          bad ? Double.NaN : 20 + i * 0.25, "%RH", bad ? Quality.SENSOR_ERROR : Quality.OK));
      if (i % 40 == 7) {
        items.add(new Event(T0 + i * 1000L, "alert.raised", "bed-" + (i % 3), Severity.WARNING, "soil dry " + i, i));
      }
    }
    return items;
  }

  private Path fixture() throws IOException {
    Path file = dir.resolve("outbox.db");
    try (InputStream in = getClass().getResourceAsStream("outbox-format1.db")) {
      Files.copy(in, file);
    }
    return file;
  }

  @Test
  void formatOneFileIsUpgradedAtOpenAndEveryBufferedRowIsDeliveredWithItsRecord() throws Exception {
    Path file = fixture();
    List<Item> expectedTelemetry = offered().stream().filter(i -> i instanceof Reading).skip(10).toList();
    List<Item> expectedEvents = offered().stream().filter(i -> i instanceof Event).toList();

    try (SqliteOutbox outbox = SqliteOutbox.open(OutboxSettings.defaults(file), CLOCK)) {
      assertEquals(110, outbox.stats().storedTelemetry());
      assertEquals(3, outbox.stats().storedEvents());
      List<Outbox.Entry> telemetry = all(outbox, Priority.TELEMETRY);
      assertEquals(expectedTelemetry, items(telemetry));
      for (Outbox.Entry e : telemetry) assertArrayEquals(StoredRecord.of((Reading) e.item()), e.record());
      assertEquals(expectedEvents, items(all(outbox, Priority.EVENT)));

      Reading fresh = new Reading("bed-9.moisture", T0 + 200_000, 31.5, "%RH", Quality.OK);
      assertTrue(outbox.offer(fresh));
      assertTrue(outbox.flush(10_000));
      outbox.ack(telemetry);
      assertEquals(List.of(fresh), items(all(outbox, Priority.TELEMETRY)));
    }
    assertEquals(List.of("2"), SqliteFiles.column(file, "PRAGMA user_version"));
    assertEquals(List.of("ok"), SqliteFiles.integrityCheck(file));
    // The new row carries its record; the format-1 rows had none and were encoded when read.
    assertEquals(List.of("1"), SqliteFiles.column(file, "SELECT count(*) FROM outbox WHERE record IS NOT NULL"));
  }

  @Test
  void upgradedFileStaysReadableByTheFormatOneQueriesSoAnOlderGatewayCanStillDrainIt() throws Exception {
    Path file = fixture();
    SqliteOutbox.open(OutboxSettings.defaults(file), CLOCK).close();
    SqliteOutbox.open(OutboxSettings.defaults(file), CLOCK).close(); // a second open changes nothing

    // The statements of the format-1 writer and reader, which name their columns.
    SqliteFiles.execute(file, "INSERT INTO outbox (priority, time_ms, body) VALUES (1, " + T0 + ", x'00')");
    assertEquals(List.of("114"), SqliteFiles.column(file,
        "SELECT count(*) FROM (SELECT id, time_ms, body FROM outbox WHERE priority IN (0, 1) ORDER BY id)"));
    assertEquals(List.of("2"), SqliteFiles.column(file, "PRAGMA user_version"));
  }

  @Test
  void fileOfALaterFormatIsRefusedWithItsNameAndLeftAlone() throws Exception {
    Path file = fixture();
    SqliteFiles.execute(file, "PRAGMA user_version = 3");

    IOException e = assertThrows(IOException.class, () -> SqliteOutbox.open(OutboxSettings.defaults(file), CLOCK));

    assertTrue(e.getMessage().contains(file.toString()) && e.getMessage().contains("format 3"), e.getMessage());
    assertEquals(List.of("3"), SqliteFiles.column(file, "PRAGMA user_version"));
    assertEquals(List.of("113"), SqliteFiles.column(file, "SELECT count(*) FROM outbox"));
  }
}
