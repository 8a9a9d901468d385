// SPDX-License-Identifier: Apache-2.0
package org.edgegateway.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.edgegateway.buffer.Outbox;
import org.edgegateway.buffer.OutboxSettings;
import org.edgegateway.buffer.SqliteOutbox;
import org.edgegateway.data.Event;
import org.edgegateway.data.Priority;
import org.edgegateway.testing.Await;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole gateway (about 100 readings a second, three valves cycling every few seconds, no uplink) in a child
 * JVM, killed with SIGKILL at random moments: 10 times in CI, 50 with {@code -Dreliability.full=true}; the first
 * run lasts past the state saver's 10 s, so {@code state.json} exists. After each kill: every id the child
 * reported committed is in the buffer, {@code PRAGMA integrity_check} says ok, the zone state file holds no
 * running zone, and in every run each valve's first event is an opening (it started closed).
 */
@Timeout(600)
class ReliabilityGatewayCrashTest {
  private static final int ROUNDS = Run.FULL ? 50 : 10;

  @TempDir
  Path dir;

  @Test
  void everyReportedCommitSurvivesSigkillAndValvesStartClosed() throws Exception {
    long seed = System.nanoTime();
    Random random = new Random(seed);
    Path config = ReliabilitySite.write(dir, null, "");
    Path db = dir.resolve("state").resolve("buffer.db");
    long previous = 0;
    List<String> rounds = new ArrayList<>();
    for (int round = 0; round < ROUNDS; round++) {
      String where = "round " + round + ", seed " + seed;
      long runMillis = round == 0 ? 11_000 : 300 + random.nextInt(3000);
      long reported = runAndKill(config, runMillis, where);
      assertTrue(reported > previous, where + ": reported " + reported + " after " + previous);
      assertEquals("ok", query(db, "PRAGMA integrity_check").get(0), where);
      assertEquals(String.valueOf(reported), query(db, "SELECT count(*) FROM outbox WHERE id <= " + reported)
          .get(0), where + ": every reported row is there");
      assertValvesOpenedFirst(db, previous, where);
      assertNoZoneRunning(dir.resolve("state").resolve("state.json"), round, where);
      rounds.add(String.valueOf(reported - previous));
      previous = reported;
    }
    String line = String.format("%-22s %d kills (seed %d), rows committed per run %s, total %d; all present, "
        + "integrity ok, valves closed at every start", "crash-sigkill", ROUNDS, seed, rounds, previous);
    System.out.println("RELIABILITY " + line);
    Files.writeString(Files.createDirectories(Path.of("target", "reliability")).resolve("figures.txt"), line + "\n",
        StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
  }

  /** Starts the child, kills it {@code runMillis} after it started; returns the highest id it reported. */
  private long runAndKill(Path config, long runMillis, String where) throws Exception {
    Path stderr = dir.resolve("child-stderr.txt");
    Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), "-Xmx256m", "-Dtinylog.level=warn",
        GatewayCrashChild.class.getName(), config.toString())
        .redirectError(stderr.toFile())
        .start();
    AtomicLong highest = new AtomicLong(-1);
    AtomicBoolean started = new AtomicBoolean();
    AtomicBoolean ended = new AtomicBoolean();
    Thread reader = new Thread(() -> {
      try (BufferedReader r = new BufferedReader(new InputStreamReader(child.getInputStream(),
          StandardCharsets.UTF_8))) {
        for (String l; (l = r.readLine()) != null; ) {
          if (l.equals(GatewayCrashChild.STARTED)) started.set(true);
          if (l.startsWith(GatewayCrashChild.PREFIX)) {
            highest.accumulateAndGet(Long.parseLong(l.substring(GatewayCrashChild.PREFIX.length())), Math::max);
          }
        }
      } catch (java.io.IOException e) {
        // The pipe closed: the child is gone.
      } finally {
        ended.set(true);
      }
    }, "crash-child-stdout");
    reader.setDaemon(true);
    reader.start();
    try {
      Await.until(Duration.ofSeconds(30), started::get, () -> where + ": child started; " + read(stderr));
      long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(runMillis);
      Await.until(Duration.ofMillis(runMillis + 30_000), () -> System.nanoTime() - until > 0 && highest.get() > 0,
          () -> where + ": child committed something; " + read(stderr));
      child.destroyForcibly(); // SIGKILL
      assertTrue(child.waitFor(10, TimeUnit.SECONDS), where + ": child still running");
      // Lines written before the kill are still in the pipe: read them all.
      Await.until(Duration.ofSeconds(10), ended::get, where + ": child output ended");
      return highest.get();
    } finally {
      child.destroyForcibly();
    }
  }

  /** In the rows a run added, each valve's first event opens it: no valve was believed open at a start. */
  private static void assertValvesOpenedFirst(Path db, long after, String where) throws Exception {
    Map<String, String> first = new HashMap<>();
    try (SqliteOutbox outbox = SqliteOutbox.open(OutboxSettings.defaults(db), Clock.systemUTC())) {
      long cursor = after;
      for (List<Outbox.Entry> batch = outbox.next(Priority.EVENT, cursor, 500); !batch.isEmpty();
          batch = outbox.next(Priority.EVENT, cursor, 500)) {
        for (Outbox.Entry entry : batch) {
          if (entry.item() instanceof Event e && e.kind().startsWith("valve.")) first.putIfAbsent(e.source(), e.kind());
        }
        cursor = batch.get(batch.size() - 1).id();
      }
    }
    for (Map.Entry<String, String> e : first.entrySet()) {
      assertEquals("valve.opened", e.getValue(), where + ": first event of " + e.getKey() + " in this run");
    }
  }

  private static void assertNoZoneRunning(Path stateFile, int round, String where) throws Exception {
    if (round == 0) assertTrue(Files.exists(stateFile), where + ": state.json written in a run of 11 s");
    if (!Files.exists(stateFile)) return;
    JsonNode state = new ObjectMapper().readTree(stateFile.toFile());
    assertTrue(state.has("zones"), where + ": " + state);
    state.get("zones").fields().forEachRemaining(z -> {
      assertFalse(z.getValue().path("overrideOpen").asBoolean(), where + ": zone " + z.getKey() + " left running");
      assertFalse(z.getValue().has("phase") || z.getValue().has("running"), where + ": " + z);
    });
  }

  private static List<String> query(Path db, String sql) throws Exception {
    List<String> out = new ArrayList<>();
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      while (rs.next()) out.add(rs.getString(1));
    }
    return out;
  }

  private static String read(Path file) {
    try {
      return Files.exists(file) ? Files.readString(file) : "";
    } catch (java.io.IOException e) {
      return e.toString();
    }
  }
}
