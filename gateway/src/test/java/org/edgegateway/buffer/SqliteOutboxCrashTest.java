// SPDX-License-Identifier: Apache-2.0
package org.edgegateway.buffer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.edgegateway.data.Event;
import org.edgegateway.data.Item;
import org.edgegateway.data.Priority;
import org.edgegateway.data.Reading;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real thing: a child JVM writes as fast as it can and is killed with SIGKILL at a random commit, 20 times.
 * After each kill, every row it had reported committed must be in the file, and the file must pass
 * {@code PRAGMA integrity_check}.
 */
class SqliteOutboxCrashTest {
  private static final int ROUNDS = 20;
  private static final long START_TIMEOUT_MILLIS = 30_000;
  private static final long EXIT_TIMEOUT_MILLIS = 10_000;

  @TempDir
  Path dir;

  @Test
  void everyReportedCommitSurvivesSigkill() throws Exception {
    long seed = System.nanoTime();
    Random random = new Random(seed);
    Path file = dir.resolve("crash.db");
    long previous = 0;
    for (int round = 0; round < ROUNDS; round++) {
      String where = "round " + round + ", seed " + seed;
      long reported = runAndKill(file, 1 + random.nextInt(40), where);
      assertTrue(reported >= previous, where + ": reported " + reported + " after " + previous);
      assertEquals(List.of("ok"), SqliteFiles.integrityCheck(file), where);
      assertEveryRowUpTo(file, reported, where);
      previous = reported;
    }
  }

  /** Starts the child, kills it after {@code commits} commits; returns the highest id it reported committed. */
  private long runAndKill(Path file, int commits, String where) throws Exception {
    Path stderr = dir.resolve("child-stderr.txt");
    Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), "-Xmx128m", "-Dtinylog.level=warn",
        CrashChild.class.getName(), file.toString())
        .redirectError(stderr.toFile())
        .start();
    CommitLog log = new CommitLog(child.getInputStream());
    try {
      boolean started = log.awaitCommits(commits, START_TIMEOUT_MILLIS);
      child.destroyForcibly();
      assertTrue(started, where + ": child did not commit " + commits + " times; stderr: " + Files.readString(stderr));
      assertTrue(child.waitFor(EXIT_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS), where + ": child still running");
      // Lines written before the kill are still in the pipe: read them all.
      assertTrue(log.awaitEnd(EXIT_TIMEOUT_MILLIS), where + ": child output did not end");
      return log.highest();
    } finally {
      child.destroyForcibly();
    }
  }

  private static void assertEveryRowUpTo(Path file, long reported, String where) throws Exception {
    List<String> counted = SqliteFiles.column(file, "SELECT count(*) FROM outbox WHERE id <= " + reported);
    assertEquals(String.valueOf(reported), counted.get(0), where + ": rows up to the reported id");
    try (SqliteOutbox outbox = SqliteOutbox.open(OutboxSettings.defaults(file).withMaxRows(1_000_000_000L)
        .withMaxBytes(1L << 40), Clock.systemUTC())) {
      assertTrue(outbox.highestCommittedId() >= reported, where);
      String rows = SqliteFiles.column(file, "SELECT count(*) FROM outbox").get(0);
      assertEquals(rows, String.valueOf(outbox.stats().stored()), where + ": kept counts match the rows");
      // The newest reported row is a reading, or a drop report when the child's queue was full.
      List<Outbox.Entry> last = new ArrayList<>(outbox.next(Priority.TELEMETRY, reported - 1, 1));
      last.addAll(outbox.next(Priority.EVENT, reported - 1, 1));
      Item item = last.stream().filter(e -> e.id() == reported).findFirst().orElseThrow().item();
      if (item instanceof Reading r) {
        assertEquals("crash", r.channel(), where);
        assertTrue(r.value() >= 0 && r.value() == Math.rint(r.value()), where + ": row decodes whole");
      } else {
        assertEquals("buffer.dropped", ((Event) item).kind(), where);
      }
    }
  }

  /** Reads the child's stdout on a thread of its own and remembers the highest committed id. */
  private static final class CommitLog {
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private long highest;
    private int commits;
    private boolean ended;

    CommitLog(InputStream in) {
      Thread reader = new Thread(() -> read(in), "crash-child-stdout");
      reader.setDaemon(true);
      reader.start();
    }

    private void read(InputStream in) {
      try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
        for (String line; (line = r.readLine()) != null; ) {
          if (line.startsWith(CrashChild.PREFIX)) committed(Long.parseLong(line.substring(CrashChild.PREFIX.length())));
        }
      } catch (IOException e) {
        // The pipe closed under us: the child is gone, which is what ends the log anyway.
      } finally {
        lock.lock();
        try {
          ended = true;
          changed.signalAll();
        } finally {
          lock.unlock();
        }
      }
    }

    private void committed(long id) {
      lock.lock();
      try {
        highest = Math.max(highest, id);
        commits++;
        changed.signalAll();
      } finally {
        lock.unlock();
      }
    }

    boolean awaitCommits(int n, long timeoutMillis) throws InterruptedException {
      long nanos = TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
      lock.lock();
      try {
        while (commits < n && !ended) {
          if (nanos <= 0) return false;
          nanos = changed.awaitNanos(nanos);
        }
        return commits >= n;
      } finally {
        lock.unlock();
      }
    }

    boolean awaitEnd(long timeoutMillis) throws InterruptedException {
      long nanos = TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
      lock.lock();
      try {
        while (!ended) {
          if (nanos <= 0) return false;
          nanos = changed.awaitNanos(nanos);
        }
        return true;
      } finally {
        lock.unlock();
      }
    }

    long highest() {
      lock.lock();
      try {
        return highest;
      } finally {
        lock.unlock();
      }
    }
  }
}
