// SPDX-License-Identifier: Apache-2.0
package org.edgegateway.bench;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.function.LongFunction;
import org.edgegateway.data.Quality;
import org.edgegateway.data.Reading;
import org.edgegateway.drivers.Sample;
import org.edgegateway.drivers.Sensor;
import org.edgegateway.drivers.modbus.RegisterSpec;
import org.edgegateway.drivers.sim.SimAir;
import org.edgegateway.drivers.sim.SimFlowMeter;
import org.edgegateway.drivers.sim.SimRainGauge;
import org.edgegateway.drivers.sim.SimSoil;
import org.edgegateway.drivers.sim.SimValve;
import org.edgegateway.drivers.sim.SimWorld;
import org.edgegateway.status.SelfTelemetry;

/**
 * A site's readings over some minutes, in the order the gateway buffers them: the demo's simulated devices
 * (config/demo.yaml, same drivers and intervals) and the gateway's own telemetry once a minute; the full site adds
 * two Modbus probes read every 10 s on one RS-485 bus (the shipped generic-soil-3in1 and generic-th-sht20
 * profiles, values through their register scaling) and three valve feedback contacts read every 5 s.
 * Deterministic for a seed.
 *
 * <p>Timestamps: each bus thread reads at its sensors' intervals from a common start, as the sampler does
 * ({@code scheduleAtFixedRate}); a read is stamped late by 0 ms (85 %), 1 ms (12 %) or 2 to 15 ms (3 %). On the
 * Modbus bus the second device is read after the first answered (about 30 ms at 9600 baud).
 */
final class WireSite {
  static final String GATEWAY = "gw-demo-01";
  static final Instant START = Instant.parse("2026-11-30T12:00:00.250Z");

  private final Random random;
  private final List<Stamped> out = new ArrayList<>();
  private final SettableClock clock = new SettableClock();
  private final List<Pending> pending = new ArrayList<>();

  private record Pending(long time, Device device) {}

  private record Stamped(Reading reading, int thread, long order) {}

  /** One device: its thread (bus), phase, interval and what a read yields at a time. */
  private record Device(String id, int thread, long phaseMillis, long intervalMillis,
      LongFunction<List<Sample>> read) {}

  private WireSite(long seed) {
    this.random = new Random(seed);
  }

  /**
   * The readings of {@code minutes} minutes in buffer order; {@code full} adds the Modbus probes and the valve
   * contacts to the demo's devices.
   */
  static List<Reading> readings(int minutes, long seed, boolean full) {
    return new WireSite(seed).run(minutes * 60_000L, full);
  }

  private List<Reading> run(long millis, boolean full) {
    long t0 = START.toEpochMilli();
    clock.millis = t0;
    SimWorld world = new SimWorld(clock, 42, 22, 8, 2);
    // A shower of 3 mm/h from minute 3 to minute 8, so that the rain counter counts.
    world.setRainTrace(t -> t >= t0 + 180_000 && t < t0 + 480_000 ? 3.0 : 0.0);
    SimValve bed1 = world.newValve("valve-bed-1");
    SimValve bed2 = world.newValve("valve-bed-2");
    SimValve tree1 = world.newValve("valve-tree-1");
    List<Device> devices = new ArrayList<>();
    devices.add(sim("bed-1-soil", 1000, new SimSoil(world, bed1, 21, 60, 900)));
    devices.add(sim("bed-2-soil", 1000, new SimSoil(world, bed2, 27, 40, 900)));
    devices.add(sim("tree-1-soil", 2000, new SimSoil(world, tree1, 24, 30, 600)));
    devices.add(sim("air", 5000, new SimAir(world)));
    devices.add(sim("rain", 5000, new SimRainGauge(world, 0.2)));
    devices.add(sim("flow", 2000, new SimFlowMeter(world, 12, 0.5)));
    if (full) {
      for (SimValve v : List.of(bed1, bed2, tree1)) {
        devices.add(new Device(v.id(), 1, 1, 5000, t -> List.of(new Sample("state", v.isOpen() ? 1 : 0, ""))));
      }
      devices.add(new Device("bed-3-probe", 2, 3, 10_000, modbus(Profiles.SOIL_3IN1, new int[] {312, 187, 950})));
      devices.add(new Device("air-th", 2, 33, 10_000, modbus(Profiles.TH_SHT20, new int[] {187, 642})));
    }
    for (Device d : devices) schedule(d, t0, millis);
    self(t0, millis);
    // The valves: bed 1 waters from minute 2 to 4, bed 2 from 5 to 6, the tree from 7 to 9.
    List<long[]> switches = List.of(new long[] {120_000, 240_000}, new long[] {300_000, 360_000},
        new long[] {420_000, 540_000});
    List<SimValve> valves = List.of(bed1, bed2, tree1);
    return order(t0, valves, switches);
  }

  private Device sim(String id, long interval, Sensor sensor) {
    return new Device(id, 0, 0, interval, t -> {
      try {
        return sensor.read();
      } catch (java.io.IOException e) {
        throw new IllegalStateException(e);
      }
    });
  }

  /** Raw register values that wander by one step now and then, decoded by the profile's scaling. */
  private LongFunction<List<Sample>> modbus(List<RegisterSpec> specs, int[] raw) {
    return t -> {
      List<Sample> samples = new ArrayList<>();
      for (int i = 0; i < specs.size(); i++) {
        if (random.nextInt(4) == 0) raw[i] += random.nextBoolean() ? 1 : -1;
        samples.add(new Sample(specs.get(i).quantity(), specs.get(i).decode(raw, i), specs.get(i).unit()));
      }
      return samples;
    };
  }

  private void schedule(Device d, long t0, long millis) {
    for (long k = 0; k * d.intervalMillis() < millis; k++) {
      pending.add(new Pending(t0 + d.phaseMillis() + k * d.intervalMillis() + lateness(), d));
    }
  }

  private long lateness() {
    double p = random.nextDouble();
    return p < 0.85 ? 0 : p < 0.97 ? 1 : 2 + random.nextInt(14);
  }

  /** The gateway's own readings once a minute, on the loop thread. */
  private void self(long t0, long millis) {
    for (long t = t0 + 60_000 + 50; t < t0 + millis; t += 60_000) {
      long stored = 2_000 + random.nextInt(500);
      double[] values = {(40 + random.nextInt(60)) / 1e6, (300 + random.nextInt(400)) / 1e6,
          (900 + random.nextInt(900)) / 1e6, (2_000 + random.nextInt(5_000)) / 1e6, (150 + random.nextInt(200)) / 1e6,
          0, stored, 0};
      for (int i = 0; i < values.length; i++) {
        String[] channel = SelfTelemetry.CHANNELS.get(i);
        out.add(new Stamped(new Reading(channel[0], t, values[i], channel[1], Quality.OK), 3, out.size()));
      }
    }
  }

  private List<Reading> order(long t0, List<SimValve> valves, List<long[]> switches) {
    pending.sort(Comparator.comparingLong(Pending::time).thenComparing(p -> p.device().thread()));
    for (Pending p : pending) {
      clock.millis = p.time();
      for (int i = 0; i < valves.size(); i++) {
        long since = p.time() - t0;
        valves.get(i).setOpen(since >= switches.get(i)[0] && since < switches.get(i)[1]);
      }
      for (Sample s : p.device().read().apply(p.time())) {
        String channel = p.device().id() + "." + s.quantity();
        out.add(new Stamped(new Reading(channel, p.time(), s.value(), s.unit(), Quality.OK), p.device().thread(),
            out.size()));
      }
    }
    out.sort(Comparator.comparingLong((Stamped s) -> s.reading().timeMillis()).thenComparingLong(Stamped::order));
    return out.stream().map(Stamped::reading).toList();
  }

  /** The register maps of config/profiles/generic-soil-3in1.yaml and generic-th-sht20.yaml. */
  private static final class Profiles {
    static final List<RegisterSpec> SOIL_3IN1 = List.of(
        spec("moisture", 0, RegisterSpec.Type.UINT16, 0.001, "/", 0, 1),
        spec("temperature", 1, RegisterSpec.Type.INT16, 0.1, "Cel", -40, 80),
        spec("conductivity", 2, RegisterSpec.Type.UINT16, 0.0001, "S/m", 0, 2));
    static final List<RegisterSpec> TH_SHT20 = List.of(
        spec("temperature", 0, RegisterSpec.Type.INT16, 0.1, "Cel", -40, 80),
        spec("humidity", 1, RegisterSpec.Type.UINT16, 0.1, "%RH", 0, 100));

    private static RegisterSpec spec(String q, int register, RegisterSpec.Type type, double scale, String unit,
        double lo, double hi) {
      return new RegisterSpec(q, 3, register, type, RegisterSpec.WordOrder.BIG, scale, 0, unit, lo, hi);
    }
  }

  /** A clock the generator moves to each read's time. */
  private static final class SettableClock extends Clock {
    long millis;

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public long millis() {
      return millis;
    }

    @Override
    public Instant instant() {
      return Instant.ofEpochMilli(millis);
    }
  }
}
