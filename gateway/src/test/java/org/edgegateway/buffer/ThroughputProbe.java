// SPDX-License-Identifier: Apache-2.0
package org.edgegateway.buffer;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import org.edgegateway.data.Priority;
import org.edgegateway.data.Quality;
import org.edgegateway.data.Reading;

/**
 * Measures committed rows per second, the cost of {@code next} along the backlog, and the time to reopen. Not a
 * test; run by hand: {@code java -cp <test classpath> org.edgegateway.buffer.ThroughputProbe <dir> <rows> <full>}.
 */
public final class ThroughputProbe {
  private ThroughputProbe() {}

  public static void main(String[] args) throws Exception {
    Path file = Files.createTempFile(Path.of(args[0]), "probe", ".db");
    int rows = Integer.parseInt(args[1]);
    boolean full = Boolean.parseBoolean(args[2]);
    OutboxSettings defaults = OutboxSettings.defaults(file);
    OutboxSettings settings = new OutboxSettings(file, 1L << 40, 1_000_000_000L, defaults.maxAge(), 0.1,
        defaults.queueCapacity(), defaults.eventQueueCapacity(), defaults.commitInterval(), defaults.commitRows(),
        full, defaults.dropReportInterval());
    Clock clock = Clock.systemUTC();
    try {
      try (SqliteOutbox outbox = SqliteOutbox.open(settings, clock)) {
        write(outbox, clock, rows, full);
        replay(outbox, rows);
        System.out.println(outbox.stats());
      }
      long t0 = System.nanoTime();
      try (SqliteOutbox reopened = SqliteOutbox.open(settings, clock)) {
        System.out.printf("reopen with %d rows: %.0f ms%n", reopened.stats().stored(), (System.nanoTime() - t0) / 1e6);
      }
    } finally {
      for (String suffix : new String[] {"", "-wal", "-shm"}) Files.deleteIfExists(Path.of(file + suffix));
    }
  }

  private static void write(SqliteOutbox outbox, Clock clock, int rows, boolean full) throws Exception {
    long start = System.nanoTime();
    for (int i = 0; i < rows; i++) {
      Reading r = new Reading("bed-" + (i % 16) + ".moisture", clock.millis(), i * 0.5, "%RH", Quality.OK);
      while (!outbox.offer(r)) outbox.flush(1_000);
    }
    if (!outbox.flush(60_000)) throw new IllegalStateException("flush timed out");
    double seconds = (System.nanoTime() - start) / 1e9;
    System.out.printf("synchronous=%s: %d rows in %.2f s = %.0f rows/s%n", full ? "FULL" : "NORMAL", rows, seconds,
        rows / seconds);
  }

  private static void replay(SqliteOutbox outbox, int rows) throws Exception {
    long first = outbox.next(Priority.TELEMETRY, 0, 1).get(0).id();
    for (long after : new long[] {first, first + rows / 2, first + rows - 200}) {
      long t0 = System.nanoTime();
      int n = 0;
      for (int k = 0; k < 200; k++) n += outbox.next(Priority.TELEMETRY, after, 100).size();
      System.out.printf("next(after %d, 100) x200: %.3f ms each (%d rows)%n", after,
          (System.nanoTime() - t0) / 200 / 1e6, n);
    }
  }
}
