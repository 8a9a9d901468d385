// SPDX-License-Identifier: Apache-2.0
package org.edgegateway.control;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.edgegateway.command.Ack;
import org.edgegateway.command.Command;
import org.edgegateway.command.Origin;
import org.edgegateway.command.Pending;
import org.edgegateway.command.Request;
import org.edgegateway.config.ConfigLoader;
import org.edgegateway.config.GatewayConfig;
import org.edgegateway.data.Quality;
import org.edgegateway.data.Reading;
import org.edgegateway.drivers.gpio.ValveOutput;
import org.edgegateway.safety.RecordingValve;
import org.edgegateway.safety.Safety;
import org.edgegateway.sampling.LatestValues;
import org.edgegateway.sampling.Snapshot;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Random sites (limits, pauses, soak, master valve, max-open below max-run so that lockouts happen) under random
 * command sequences at random times, on the real controller and safety with recording valves. After every tick:
 * no valve open longer than its zone's max-run or its max-open, never more than max-concurrent open, and every ack
 * agrees with what the valves then do: an accepted or queued run opens at the start it gave (within the master
 * valve's lead) and stays open for its granted time; a rejected command changes nothing. With the soil wet and
 * thresholds that keep it wet ("commands only"), a zone's valve does nothing but what its acks said, to the tick.
 */
class CommandSequencesPropertyTest {
  static final long S = 1_000_000_000L;
  static final long TICK = 200_000_000L;
  static final int SEQUENCES = 300;
  static final int TICKS = 600;

  @ParameterizedTest(name = "auto watering {0}")
  @ValueSource(booleans = {false, true})
  void limitsHoldAndEveryAckAgreesWithTheValves(boolean auto) throws Exception {
    TALLY.get().clear();
    for (int seq = 0; seq < SEQUENCES; seq++) {
      long seed = (auto ? 1_000_000L : 0) + seq;
      try {
        SEEDS.set(seed);
        new Run(new SplittableRandom(seed), auto).run();
      } catch (AssertionError | Exception e) {
        throw new AssertionError("seed " + seed + " (auto " + auto + "): " + e.getMessage(), e);
      }
    }
    // The sequences must have reached every case the property is about, or it proved little.
    Map<String, Integer> tally = TALLY.get();
    for (String k : List.of("accepted", "queued", "rejected", "capped", "max-concurrent", "min-pause", "soaking")) {
      assertTrue(tally.getOrDefault(k, 0) > 0, "no " + k + " in " + tally);
    }
    if (auto) assertTrue(tally.getOrDefault("lockout", 0) > 0, "no max-open lockout in " + tally);
  }

  static final ThreadLocal<Map<String, Integer>> TALLY = ThreadLocal.withInitial(java.util.TreeMap::new);

  static void tally(String what) {
    TALLY.get().merge(what, 1, Integer::sum);
  }

  static final ThreadLocal<Long> SEEDS = new ThreadLocal<>();

  static long seedOf(SplittableRandom r) {
    return SEEDS.get();
  }

  /** One random site and command sequence. */
  private static final class Run {
    final SplittableRandom rnd;
    final boolean auto;
    final int zones = 3;
    final Map<String, RecordingValve> valves = new LinkedHashMap<>();
    final LatestValues latest = new LatestValues();
    final GatewayConfig config;
    final Controller controller;
    final List<Pending> waiting = new ArrayList<>();
    final Promise[] promises = new Promise[zones];
    final long[] openSince = new long[zones];
    final double[] soil = new double[zones];
    long now = 1000 * S;
    final Clock clock = new Clock() {
      final Instant base = Instant.parse("2026-06-01T10:00:00Z");

      @Override
      public ZoneId getZone() {
        return ZoneOffset.UTC;
      }

      @Override
      public Clock withZone(ZoneId zone) {
        return this;
      }

      @Override
      public Instant instant() {
        return base.plusNanos(now - 1000 * S);
      }
    };
    final boolean master;
    final long lead;

    Run(SplittableRandom rnd, boolean auto) throws Exception {
      this.rnd = rnd;
      this.auto = auto;
      master = rnd.nextInt(3) == 0;
      lead = master ? rnd.nextInt(0, 3) * S : 0;
      StringBuilder y = new StringBuilder("gateway: {id: gw, site: s, time-zone: UTC}\nvalves:\n");
      for (int i = 0; i < zones; i++) {
        y.append("  - {id: v").append(i).append(", type: simulated, max-open: ").append(rnd.nextInt(2, 30))
            .append("s}\n");
      }
      if (master) y.append("  - {id: m, type: simulated, max-open: 4h}\n");
      y.append("sensors:\n");
      for (int i = 0; i < zones; i++) {
        y.append("  - {id: s").append(i).append(", type: sim-soil, valve: v").append(i)
            .append(", interval: 1s, stale-after: 1h}\n");
      }
      y.append("safety: {max-concurrent: ").append(rnd.nextInt(1, 4)).append(", min-pause: ")
          .append(rnd.nextInt(0, 6)).append('s');
      if (master) y.append(", master-valve: m, master-lead: ").append(lead / S).append("s, master-lag: 1s");
      y.append("}\nzones:\n");
      for (int i = 0; i < zones; i++) {
        y.append("  - {id: z").append(i).append(", valve: v").append(i).append(", moisture: [s").append(i)
            .append(".moisture], start-below: 20, stop-above: 26, min-run: 1s, max-run: ").append(rnd.nextInt(3, 21))
            .append("s, soak: ").append(rnd.nextInt(0, 6)).append("s, daily-max-run: ").append(rnd.nextInt(60, 200))
            .append("s}\n");
      }
      config = ConfigLoader.parse("t.yaml", y.toString(), Path.of("/tmp"), Path.of("/tmp/t.yaml"), false);
      Map<String, ValveOutput> outs = new LinkedHashMap<>();
      for (GatewayConfig.Valve v : config.valves()) {
        RecordingValve r = new RecordingValve(v.id(), false);
        valves.put(v.id(), r);
        outs.put(v.id(), r);
      }
      boolean trace = Long.getLong("trace.seed", -1L) == seedOf(rnd);
      Safety safety = new Safety(outs, config, clock, () -> now, e -> {
        if (e.kind().equals("valve.max-open")) tally("lockout");
        if (trace) System.out.println((now - 1000 * S) / 1e9 + " " + e.kind() + " " + e.source() + " " + e.message());
      });
      if (trace) System.out.println(y);
      controller = new Controller(config, new Snapshot(latest, config), safety, clock, new ClockSanity(clock, 0),
          e -> { }, new LoopMetrics());
      for (int i = 0; i < zones; i++) soil[i] = auto && rnd.nextBoolean() ? 0.10 : 0.40;
      publishSoil();
    }

    void publishSoil() {
      for (int i = 0; i < zones; i++) latest.publish(new Reading("s" + i + ".moisture", clock.millis(), soil[i], "/",
          Quality.OK), now);
    }

    void run() {
      int cmds = 0;
      for (int t = 0; t < TICKS; t++) {
        if (rnd.nextInt(8) == 0) {
          submit("c" + cmds++);
          if (rnd.nextInt(4) == 0) submit("c" + cmds++);
        }
        if (auto && rnd.nextInt(50) == 0) soil[rnd.nextInt(zones)] = rnd.nextBoolean() ? 0.10 : 0.40;
        now += TICK;
        publishSoil();
        controller.run(now, TICK);
        collectAcks();
        check();
      }
    }

    void submit(String id) {
      int z = rnd.nextInt(zones);
      String zone = "z" + z;
      Command c = switch (rnd.nextInt(6)) {
        case 0, 1, 2 -> new Command.OpenZone(zone, Duration.ofMillis(rnd.nextLong(500, 30_000)));
        case 3 -> new Command.CloseZone(zone, Duration.ofMillis(rnd.nextLong(200, 10_000)));
        case 4 -> new Command.HoldZone(zone, clock.millis() + rnd.nextLong(1, 8_000));
        default -> {
          // Commands only: thresholds that keep a soil at 40 % wet; with auto watering, any.
          double start = auto ? rnd.nextInt(5, 60) : rnd.nextInt(5, 39);
          yield new Command.SetThresholds(zone, start, start + rnd.nextInt(1, 10));
        }
      };
      Pending p = new Pending(new Request(id, Origin.platform("test"), Long.MAX_VALUE, c));
      controller.submit(p);
      waiting.add(p);
    }

    /** The acks of this tick's commands, in the order the loop applied them: each replaces its zone's promise. */
    void collectAcks() {
      for (Pending p : waiting) {
        Ack a = p.answered();
        if (a == null) fail("no ack in the tick that took " + p.request().id());
        tally(a.result().wireName());
        if (a.note() != null && a.note().contains("capped")) tally("capped");
        String why = a.reason() == null ? "" : a.reason();
        for (String k : List.of("max-concurrent", "min-pause", "soaking")) if (why.contains(k)) tally(k);
        if (a.result() == Ack.Result.REJECTED || a.zone() == null) continue;
        int z = Integer.parseInt(a.zone().substring(1));
        long t0 = now;
        if (a.kind() == Command.Kind.OPEN_ZONE) {
          long start = t0 + (a.startMillis() - clock.millis()) * 1_000_000L;
          boolean alreadyOpen = valves.get("v" + z).isOpen() && openSince[z] != 0;
          promises[z] = new Promise(a, start, a.grantedMillis() * 1_000_000L, alreadyOpen ? t0 : -1);
          if (a.result() == Ack.Result.QUEUED) assertTrue(start > t0, "queued with a start in the future: " + a);
        } else if (a.kind() == Command.Kind.CLOSE_ZONE || a.kind() == Command.Kind.HOLD_ZONE) {
          promises[z] = new Promise(a, Long.MAX_VALUE, 0, -1);
        }
      }
      waiting.clear();
    }

    void check() {
      int open = 0;
      for (int z = 0; z < zones; z++) {
        GatewayConfig.Zone zone = config.zones().get(z);
        boolean isOpen = valves.get(zone.valve()).isOpen();
        if (isOpen) {
          open++;
          if (openSince[z] == 0) openSince[z] = now;
          long limit = Math.min(zone.maxRun().toNanos(), config.valve(zone.valve()).orElseThrow().maxOpen().toNanos());
          assertTrue(now - openSince[z] <= limit + TICK, "valve " + zone.valve() + " open " + (now - openSince[z])
              / 1e9 + " s, limit " + limit / 1e9 + " s");
        } else {
          openSince[z] = 0;
        }
        checkPromise(z, isOpen);
      }
      assertTrue(open <= config.safety().maxConcurrent(), open + " open, max-concurrent "
          + config.safety().maxConcurrent());
    }

    void checkPromise(int z, boolean isOpen) {
      Promise p = promises[z];
      String where = "zone z" + z + " at " + (now - 1000 * S) / 1e9 + " s, " + (p == null ? "no ack" : p.ack);
      if (p == null || p.done || p.start == Long.MAX_VALUE) {
        if (!auto) assertTrue(!isOpen, "opened without an ack that said so: " + where);
        return;
      }
      if (p.openedAt < 0) {
        if (isOpen) {
          assertTrue(now >= p.start - TICK, "opened before the start its ack gave: " + where);
          p.openedAt = now;
        } else {
          assertTrue(now <= p.start + lead + 2 * TICK, "not open by the start its ack gave: " + where);
        }
        return;
      }
      long ran = now - p.openedAt;
      if (isOpen) {
        if (!auto) assertTrue(ran <= p.granted + TICK, "open past its granted time: " + where);
      } else {
        assertTrue(ran >= p.granted - TICK, "closed after " + ran / 1e9 + " s of its granted time: " + where);
        p.done = true;
      }
    }
  }

  /** What one ack promised a zone: open from {@code start} for {@code granted}, or closed (start = MAX_VALUE). */
  private static final class Promise {
    final Ack ack;
    final long start;
    final long granted;
    long openedAt;
    boolean done;

    Promise(Ack ack, long start, long granted, long openedAt) {
      this.ack = ack;
      this.start = start;
      this.granted = granted;
      this.openedAt = openedAt;
    }
  }
}
