// SPDX-License-Identifier: Apache-2.0
package org.edgegateway.uplink.senml;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.edgegateway.data.Quality;
import org.edgegateway.data.Reading;

/**
 * Encodes readings as SenML packs (RFC 8428) bounded by a byte size, with the records of each channel together.
 * The first record carries the base time ({@code bt}: the time of the first reading at the millisecond-of-the-second
 * most readings share) and the pack's sequence number ({@code "seq"}). Channels with one reading in the pack (when
 * there are at least two such) come first, each named by {@code n} under the gateway's base name ({@code bn}) with
 * its unit in {@code u}. Any other channel forms a run: its first record carries the channel's full name as base
 * name ({@code bn} = the gateway's prefix + the channel id), its unit as base unit ({@code bu}) when it differs from
 * the one in force, and, where that saves bytes, a base time of its own; the other records carry no name. Every
 * record carries its time relative to the base time ({@code t}, absent when 0), its value ({@code v}) and
 * {@code "q"} with the quality's wire name when it is not ok. Runs without a unit come first, then runs grouped by
 * unit, each in the order its channel first appears; within a channel readings keep the order given (time order).
 * A NaN or infinite value is left out ({@code v} absent), since JSON cannot carry it. Thread-safe.
 */
public final class SenmlEncoder {
  private final SenmlFormat format;
  private final String baseName;

  /** {@code baseName} prefixes every channel id, e.g. {@code "gw-ka-0001/"}; empty for none. */
  public SenmlEncoder(SenmlFormat format, String baseName) {
    if (format == null) throw new IllegalArgumentException("format null");
    if (baseName == null) throw new IllegalArgumentException("baseName null");
    this.format = format;
    this.baseName = baseName;
  }

  public SenmlFormat format() {
    return format;
  }

  /**
   * Encodes the longest prefix of {@code readings} whose pack fits {@code maxBytes}; at least the first reading,
   * even if it alone is larger. The returned count says how many readings the pack holds: always a prefix of the
   * list, whatever the order of the records inside the pack.
   */
  public EncodedPack encode(List<Reading> readings, long sequence, int maxBytes) {
    if (readings.isEmpty()) throw new IllegalArgumentException("no readings");
    if (sequence < 0) throw new IllegalArgumentException("sequence negative: " + sequence);
    return Prefixes.longest(readings.size(), maxBytes, n -> pack(readings.subList(0, n), sequence));
  }

  private byte[] pack(List<Reading> readings, long sequence) {
    Bases bases = new Bases(sequence, baseMillis(readings));
    List<byte[]> records = new ArrayList<>(readings.size());
    List<List<Reading>> runs = runs(readings);
    // Channels with one reading in the pack cost less as names (n) under the gateway's base name than as base
    // names of their own, once there are two of them to share it: these come first, while the base name is the
    // gateway's and no base unit is set.
    boolean singles = runs.stream().filter(run -> run.size() == 1).count() > 1;
    for (List<Reading> run : runs) {
      if (singles && run.size() == 1) records.add(single(run.get(0), bases));
    }
    for (List<Reading> run : runs) {
      if (singles && run.size() == 1) continue;
      List<byte[]> kept = run(run, bases, false);
      // The same run under a base time of its own: cheaper when its times are whole seconds from it but not from
      // the base time in force (a sensor read a few milliseconds off the others).
      List<byte[]> alternative = run(run, bases, true);
      boolean rebased = bytes(alternative) < bytes(kept);
      records.addAll(rebased ? alternative : kept);
      bases.after(run, rebased);
    }
    return ArrayPack.frame(format, records, bytes(records));
  }

  /**
   * The base time: the first reading at the millisecond-of-the-second most readings share, so that most relative
   * times are whole seconds (sensors are read at whole-second intervals from a common start, give or take a few
   * milliseconds).
   */
  private static long baseMillis(List<Reading> readings) {
    Map<Long, Integer> phases = new HashMap<>();
    long best = readings.get(0).timeMillis();
    int bestCount = 0;
    for (Reading r : readings) {
      int count = phases.merge(Math.floorMod(r.timeMillis(), 1000L), 1, Integer::sum);
      if (count > bestCount) {
        bestCount = count;
        best = r.timeMillis();
      }
    }
    long phase = Math.floorMod(best, 1000L);
    for (Reading r : readings) {
      if (Math.floorMod(r.timeMillis(), 1000L) == phase) return r.timeMillis();
    }
    return best;
  }

  /** A record of its own, named by {@code n} under the gateway's base name, with its unit in {@code u}. */
  private byte[] single(Reading reading, Bases bases) {
    boolean first = bases.first;
    bases.first = false;
    return RecordWriter.record(format, r -> {
      if (first) {
        if (!baseName.isEmpty()) r.text(Label.BASE_NAME, baseName);
        r.seconds(Label.BASE_TIME, bases.millis);
        r.integer(Label.SEQUENCE, bases.sequence);
      }
      r.text(Label.NAME, reading.channel());
      if (!reading.unit().isEmpty()) r.text(Label.UNIT, reading.unit());
      fields(r, reading, bases.millis);
    });
  }

  /** The records of a run of several readings; {@code rebase} gives it its first reading's time as base time. */
  private List<byte[]> run(List<Reading> run, Bases bases, boolean rebase) {
    boolean first = bases.first;
    long baseMillis = rebase ? run.get(0).timeMillis() : bases.millis;
    boolean newTime = first || baseMillis != bases.millis;
    String unit = run.get(0).unit();
    List<byte[]> out = new ArrayList<>(run.size());
    for (int i = 0; i < run.size(); i++) {
      Reading reading = run.get(i);
      boolean head = i == 0;
      out.add(RecordWriter.record(format, r -> {
        if (head) {
          r.text(Label.BASE_NAME, baseName + reading.channel());
          if (!unit.equals(bases.unit)) r.text(Label.BASE_UNIT, unit);
          if (newTime) r.seconds(Label.BASE_TIME, baseMillis);
          if (first) r.integer(Label.SEQUENCE, bases.sequence);
        }
        fields(r, reading, baseMillis);
      }));
    }
    return out;
  }

  private static void fields(RecordWriter r, Reading reading, long baseMillis) {
    if (Double.isFinite(reading.value())) r.number(Label.VALUE, reading.value());
    long relative = reading.timeMillis() - baseMillis;
    if (relative != 0) r.seconds(Label.TIME, relative);
    if (reading.quality() != Quality.OK) r.text(Label.QUALITY, reading.quality().wireName());
  }

  /**
   * The readings grouped into runs of one channel and unit: runs without a unit first (a base unit, once set,
   * cannot be unset), then by unit, so that the base unit changes once per unit; otherwise in order of first
   * appearance.
   */
  private static List<List<Reading>> runs(List<Reading> readings) {
    Map<String, Map<String, List<Reading>>> byUnit = new LinkedHashMap<>();
    byUnit.put("", new LinkedHashMap<>());
    for (Reading r : readings) {
      byUnit.computeIfAbsent(r.unit(), u -> new LinkedHashMap<>())
          .computeIfAbsent(r.channel(), c -> new ArrayList<>()).add(r);
    }
    List<List<Reading>> runs = new ArrayList<>();
    byUnit.values().forEach(channels -> runs.addAll(channels.values()));
    return runs;
  }

  private static int bytes(List<byte[]> records) {
    int n = 0;
    for (byte[] r : records) n += r.length;
    return n;
  }

  /** The base values in force while the records of a pack are written. */
  private static final class Bases {
    final long sequence;
    boolean first = true;
    long millis;
    String unit = "";

    Bases(long sequence, long millis) {
      this.sequence = sequence;
      this.millis = millis;
    }

    void after(List<Reading> run, boolean rebased) {
      if (rebased) millis = run.get(0).timeMillis();
      unit = run.get(0).unit();
      first = false;
    }
  }
}
