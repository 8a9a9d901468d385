// SPDX-License-Identifier: Apache-2.0
package org.edgegateway.buffer;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import org.edgegateway.data.Quality;
import org.edgegateway.data.Reading;

/**
 * The child JVM of {@link SqliteOutboxCrashTest}: writes readings to the outbox in {@code args[0]} as fast as it
 * can and prints {@code committed <highest id>} after every commit, until it is killed.
 */
public final class CrashChild {
  static final String PREFIX = "committed ";

  private CrashChild() {}

  public static void main(String[] args) throws Exception {
    OutboxSettings settings = OutboxSettings.defaults(Path.of(args[0]))
        .withMaxRows(1_000_000_000L)
        .withMaxBytes(1L << 40);
    PrintStream out = System.out;
    Clock clock = Clock.systemUTC();
    long start = clock.millis();
    try (SqliteOutbox outbox = SqliteOutbox.open(settings, clock, id -> out.println(PREFIX + id))) {
      for (long i = 0; ; i++) {
        // The value repeats the time's offset from the start, so a test can tell a decoded row is whole.
        Reading r = new Reading("crash", start + i, i, "1", Quality.OK);
        // Queue full: wait for the writer instead of dropping, so every id is a reading.
        while (!outbox.offer(r)) outbox.flush(1_000);
      }
    }
  }
}
