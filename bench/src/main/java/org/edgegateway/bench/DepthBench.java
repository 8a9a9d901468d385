// SPDX-License-Identifier: Apache-2.0
package org.edgegateway.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.edgegateway.buffer.BenchRows;
import org.edgegateway.buffer.SqliteOutbox;
import org.edgegateway.testing.MosquittoBroker;
import org.edgegateway.uplink.Forwarder;
import org.edgegateway.uplink.mqtt.PahoMqttUplink;

/**
 * Sections 6b and 6c of docs/BENCHMARKS.md: replay throughput (real Forwarder and PahoMqttUplink to a local
 * Mosquitto, shipped defaults) at growing buffer depths, a fixed number of readings replayed at each, and the disk
 * bytes per buffered reading (database plus WAL after a checkpoint). One file grows from depth to depth by a bulk
 * fill (synchronous off, not measured), topped up to the depth before each replay of min(readings, depth / 2).
 * Args: {@code [depths, comma-separated] [readings per measurement] [reps]}.
 */
public final class DepthBench {
  private DepthBench() {}

  public static void main(String[] args) throws Exception {
    long[] depths = Arrays.stream((args.length > 0 ? args[0] : "10000,100000,1000000,10000000").split(","))
        .mapToLong(Long::parseLong).toArray();
    int measured = args.length > 1 ? Integer.parseInt(args[1]) : 40_000;
    int reps = args.length > 2 ? Integer.parseInt(args[2]) : 3;
    System.out.println(Machine.describe());
    System.out.printf("# replay of %,d readings x %d at each depth; depths %s%n", measured, reps,
        Arrays.toString(depths));
    Path dir = BenchData.tempDir("depth");
    Path db = dir.resolve("buffer.db");
    try (MosquittoBroker broker = MosquittoBroker.start(dir)) {
      long next = 0;
      BenchRows.bulkFill(dir.resolve("warm.db"), 0, 100_000, BenchData::reading);
      replay(broker, dir.resolve("warm.db"), 80_000); // JIT warm-up, not counted
      double first = 0;
      System.out.printf("%12s %9s %14s %14s %10s %12s %10s%n", "depth", "fill s", "db+wal bytes", "bytes/reading",
          "open ms", "replay r/s", "vs first");
      for (long depth : depths) {
        long t0 = System.nanoTime();
        long have = rows(db);
        BenchRows.bulkFill(db, next, next + depth - have, BenchData::reading);
        double fill = (System.nanoTime() - t0) / 1e9;
        next += depth - have;
        checkpoint(db);
        long bytes = BenchData.sizeWithWal(db);
        long rows = rows(db);
        List<Double> rates = new ArrayList<>();
        double openMillis = 0;
        int n = (int) Math.min(measured, depth / 2);
        int times = (int) Math.min(15, Math.max(reps, (long) measured * reps / n)); // short runs: more of them
        for (int r = 0; r < times; r++) {
          long left = rows(db);
          BenchRows.bulkFill(db, next, next + depth - left, BenchData::reading); // top up to the depth
          next += depth - left;
          double[] run = replay(broker, db, n);
          openMillis = run[1];
          rates.add(n / run[0]);
        }
        double rate = BenchData.median(rates);
        if (first == 0) first = rate;
        System.out.printf("%,12d %9.1f %,14d %14.1f %10.0f %,12.0f %10.2f%n", depth, fill, bytes,
            bytes / (double) rows, openMillis, rate, rate / first);
      }
      System.out.println("# query plans at the last depth:");
      for (String plan : BenchRows.queryPlans(db)) System.out.println("  " + plan);
      checkpoint(db);
      System.out.printf("# after replay: %,d rows, %,d bytes (db+wal), free pages are reused%n", rows(db),
          BenchData.sizeWithWal(db));
    } finally {
      BenchData.deleteTree(dir);
    }
  }

  /** {seconds to replay {@code n} readings, milliseconds to open the outbox}. */
  static double[] replay(MosquittoBroker broker, Path db, int n) throws Exception {
    long t0 = System.nanoTime();
    try (SqliteOutbox outbox = SqliteOutbox.open(ReplayBench.shippedOutbox(db).withMaxRows(50_000_000)
        .withMaxBytes(4L << 30), Clock.systemUTC())) {
      double openMillis = (System.nanoTime() - t0) / 1e6;
      PahoMqttUplink uplink = ReplayBench.uplink(broker);
      uplink.start();
      try {
        if (!uplink.awaitOnline(Duration.ofSeconds(10))) throw new IllegalStateException("uplink not online");
        Forwarder forwarder = new Forwarder(outbox, uplink, ReplayBench.BASE_NAME, 0, Clock.systemUTC());
        long start = System.nanoTime();
        forwarder.start();
        while (forwarder.stats().itemsAcked() < n) {
          if (System.nanoTime() - start > TimeUnit.MINUTES.toNanos(3)) {
            throw new IllegalStateException("replay stuck: " + forwarder.stats());
          }
          TimeUnit.MILLISECONDS.sleep(1);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        forwarder.stop();
        return new double[] {seconds, openMillis};
      } finally {
        uplink.stop();
      }
    }
  }

  static void checkpoint(Path db) throws Exception {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement s = c.createStatement()) {
      s.execute("PRAGMA wal_checkpoint(TRUNCATE)");
    }
  }

  static long rows(Path db) throws Exception {
    if (!Files.exists(db)) return 0;
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT coalesce(sum(n), 0) FROM outbox_count")) {
      return rs.next() ? rs.getLong(1) : 0;
    }
  }
}
