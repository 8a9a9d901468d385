// SPDX-License-Identifier: Apache-2.0
package org.edgegateway.uplink.senml;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntToLongFunction;
import org.edgegateway.data.Reading;

/**
 * Builds CBOR SenML packs from records stored once per reading ({@link StoredRecord}): the same bytes as
 * {@link SenmlEncoder} in {@link SenmlFormat#CBOR}, but each record is copied from its stored value and quality,
 * with its name, unit, base fields and time relative to the pack's base written around it. The offered list is
 * grouped into runs once; the longest prefix that fits is searched by computing pack sizes without writing them, and
 * only the chosen pack is written. No number is formatted but the relative times. Not thread-safe: one per forwarder.
 */
public final class RecordPacker {
  private static final int MAX_CACHED_NAMES = 4096;

  private final String baseName;
  private final byte[] baseNameText;
  private final Bytes out = new Bytes(2048);
  private final int[] phases = new int[1000];
  private final Map<String, Channel> channels = new HashMap<>();
  private final Map<String, Unit> units = new HashMap<>();
  private final Map<String, Integer> odd = new HashMap<>();
  private final long[] secondsKeys = new long[1024];
  private final byte[] secondsLengths = new byte[1024];
  private final long[] timeKeys = new long[1024];
  private final byte[][] timeFields = new byte[1024][];
  // The offered list (one call of pack): readings, records, per reading its name texts and unit text, and the
  // readings run by run in pack order (order[runStart[r] .. runStart[r + 1]), each run in list order).
  private List<Reading> readings;
  private List<byte[]> records;
  private long[] times = new long[64];
  private byte[][] nameText = new byte[64][];
  private byte[][] baseNameOf = new byte[64][];
  private byte[][] unitText = new byte[64][];
  private int[] order = new int[64];
  private int[] runStart = new int[65];
  private int[] lengths = new int[64];
  private int[] runOfReading = new int[64];
  private long[] runKeys = new long[64];
  private int runs;
  private int stamp;
  private boolean writing;
  private int size;

  /** {@code baseName} prefixes every channel id, e.g. {@code "gw-ka-0001/"}; empty for none. */
  public RecordPacker(String baseName) {
    if (baseName == null) throw new IllegalArgumentException("baseName null");
    this.baseName = baseName;
    this.baseNameText = text(baseName);
  }

  /**
   * The longest prefix of {@code readings} whose pack fits {@code maxBytes} (at least one reading), {@code records}
   * holding each reading's stored record; as {@link SenmlEncoder#encode}, to the byte.
   */
  public EncodedPack pack(List<Reading> readings, List<byte[]> records, long sequence, int maxBytes) {
    if (readings.isEmpty()) throw new IllegalArgumentException("no readings");
    if (records.size() != readings.size()) throw new IllegalArgumentException("records and readings differ in number");
    if (sequence < 0) throw new IllegalArgumentException("sequence negative: " + sequence);
    this.readings = readings;
    this.records = records;
    try {
      group();
      int n = longestFitting(readings.size(), maxBytes, sequence);
      writing = true;
      out.reset();
      layout(n, sequence);
      return new EncodedPack(out.toByteArray(), n);
    } finally {
      writing = false;
      this.readings = null;
      this.records = null;
    }
  }

  /** The prefix length {@link Prefixes#longest} chooses, searched on sizes alone. */
  private int longestFitting(int count, int maxBytes, long sequence) {
    IntToLongFunction bytesOf = n -> {
      size = 0;
      layout(n, sequence);
      return size;
    };
    return Prefixes.longest(count, n -> bytesOf.applyAsLong(n) <= maxBytes, bytesOf, maxBytes);
  }

  /**
   * Groups the offered list into runs (one channel and unit each) in pack order: runs without a unit first, then
   * by unit in order of first appearance, each unit's runs in order of first appearance.
   */
  private void group() {
    int count = readings.size();
    if (order.length < count) {
      int cap = Math.max(count, order.length * 2);
      order = new int[cap];
      runStart = new int[cap + 1];
      lengths = new int[cap];
      times = new long[cap];
      nameText = new byte[cap][];
      baseNameOf = new byte[cap][];
      unitText = new byte[cap][];
      runOfReading = new int[cap];
      runKeys = new long[cap];
    }
    stamp++;
    odd.clear();
    int ranks = 1;
    int found = 0;
    for (int i = 0; i < count; i++) {
      Reading r = readings.get(i);
      times[i] = r.timeMillis();
      Channel channel = channels.computeIfAbsent(r.channel(), c -> new Channel(text(c), text(baseName + c)));
      Unit unit = units.computeIfAbsent(r.unit(), u -> new Unit(text(u)));
      nameText[i] = channel.name;
      baseNameOf[i] = channel.baseName;
      unitText[i] = unit.text;
      if (unit.stamp != stamp) {
        unit.stamp = stamp;
        unit.rank = r.unit().isEmpty() ? 0 : ranks++;
      }
      int run;
      if (channel.stamp != stamp) {
        channel.stamp = stamp;
        channel.unit = unit;
        channel.run = run = found++;
        runKeys[run] = (long) unit.rank << 32 | i;
      } else if (channel.unit == unit) {
        run = channel.run;
      } else { // The channel's unit changed within the list: a run of its own, as in SenmlEncoder.
        Integer other = odd.get(r.channel() + '\0' + r.unit());
        if (other == null) {
          other = found++;
          odd.put(r.channel() + '\0' + r.unit(), other);
          runKeys[other] = (long) unit.rank << 32 | i;
        }
        run = other;
      }
      runOfReading[i] = run;
    }
    runs = found;
    // Rank the runs by (unit rank, first index); runs are few (one per channel in the list).
    long[] ranked = Arrays.copyOf(runKeys, runs);
    Arrays.sort(ranked);
    int[] position = new int[runs];
    for (int p = 0; p < runs; p++) position[runOfReading[(int) ranked[p]]] = p;
    int[] fill = new int[runs + 1];
    for (int i = 0; i < count; i++) fill[position[runOfReading[i]] + 1]++;
    for (int p = 0; p < runs; p++) fill[p + 1] += fill[p];
    System.arraycopy(fill, 0, runStart, 0, runs + 1);
    for (int i = 0; i < count; i++) order[fill[position[runOfReading[i]]]++] = i;
    if (channels.size() > MAX_CACHED_NAMES) channels.clear();
    if (units.size() > MAX_CACHED_NAMES) units.clear();
  }

  /** Readings of run {@code r} within the prefix of {@code n} readings. */
  private int length(int r, int n) {
    int k = runStart[r];
    while (k < runStart[r + 1] && order[k] < n) k++;
    return k - runStart[r];
  }

  /** Lays out the pack of the first {@code n} readings: written to {@code out}, or only sized. */
  private void layout(int n, long sequence) {
    head(4, n); // One record per reading.
    Bases bases = new Bases(sequence, baseMillis(n));
    int singles = 0;
    for (int r = 0; r < runs; r++) {
      lengths[r] = length(r, n);
      if (lengths[r] == 1) singles++;
    }
    boolean shareName = singles > 1;
    if (shareName) {
      for (int r = 0; r < runs; r++) if (lengths[r] == 1) single(order[runStart[r]], bases);
    }
    for (int r = 0; r < runs; r++) {
      int len = lengths[r];
      if (len == 0 || (shareName && len == 1)) continue;
      run(runStart[r], len, bases);
    }
  }

  /** As {@link SenmlEncoder}'s base time: the first reading at the millisecond-of-the-second most readings share. */
  private long baseMillis(int n) {
    long best = times[0];
    int bestCount = 0;
    for (int i = 0; i < n; i++) {
      int count = ++phases[(int) Math.floorMod(times[i], 1000L)];
      if (count > bestCount) {
        bestCount = count;
        best = times[i];
      }
    }
    long phase = Math.floorMod(best, 1000L);
    long base = best;
    for (int i = n - 1; i >= 0; i--) {
      long p = Math.floorMod(times[i], 1000L);
      phases[(int) p] = 0;
      if (p == phase) base = times[i];
    }
    return base;
  }

  private void single(int i, Bases bases) {
    byte[] stored = records.get(i);
    boolean first = bases.first;
    bases.first = false;
    long relative = times[i] - bases.millis;
    boolean unit = unitText[i].length > 1;
    int heads = (first ? (baseName.isEmpty() ? 2 : 3) : 0) + 1 + (unit ? 1 : 0);
    head(5, heads + StoredRecord.fields(stored) + (relative != 0 ? 1 : 0));
    if (first) {
      if (!baseName.isEmpty()) field(Label.BASE_NAME, baseNameText);
      seconds(Label.BASE_TIME, bases.millis);
      sequence(bases.sequence);
    }
    field(Label.NAME, nameText[i]);
    if (unit) field(Label.UNIT, unitText[i]);
    fields(stored, relative);
  }

  /** A run of {@code len} readings of one channel at {@code order[from..]}, under a base time of its own if shorter. */
  private void run(int from, int len, Bases bases) {
    int headIndex = order[from];
    long own = times[headIndex];
    int kept = bases.first ? secondsLength(bases.millis) : 0;
    int alternative = bases.first || own != bases.millis ? secondsLength(own) : 0;
    for (int k = from; k < from + len; k++) {
      long t = times[order[k]];
      kept += timeLength(t - bases.millis);
      alternative += timeLength(t - own);
    }
    boolean rebased = alternative < kept;
    long baseMillis = rebased ? own : bases.millis;
    boolean newTime = bases.first || baseMillis != bases.millis;
    byte[] unit = unitText[headIndex];
    boolean newUnit = !Arrays.equals(unit, bases.unit);
    for (int k = from; k < from + len; k++) {
      int i = order[k];
      byte[] stored = records.get(i);
      long relative = times[i] - baseMillis;
      int heads = k > from ? 0 : 1 + (newUnit ? 1 : 0) + (newTime ? 1 : 0) + (bases.first ? 1 : 0);
      head(5, heads + StoredRecord.fields(stored) + (relative != 0 ? 1 : 0));
      if (k == from) {
        field(Label.BASE_NAME, baseNameOf[i]);
        if (newUnit) field(Label.BASE_UNIT, unit);
        if (newTime) seconds(Label.BASE_TIME, baseMillis);
        if (bases.first) sequence(bases.sequence);
      }
      fields(stored, relative);
    }
    if (rebased) bases.millis = own;
    bases.unit = unit;
    bases.first = false;
  }

  /** The stored value, the relative time if not 0, the stored quality: the order {@link SenmlEncoder} writes. */
  private void fields(byte[] stored, long relative) {
    int q = StoredRecord.qualityAt(stored);
    if (writing) out.write(stored, 1, q - 1);
    if (relative != 0) seconds(Label.TIME, relative);
    if (writing) out.write(stored, q, stored.length - q);
    size += stored.length - 1;
  }

  private void head(int major, int value) {
    if (writing) Cbor.head(out, major, value);
    size += Cbor.headLength(value);
  }

  /** A field with a one-byte label (all labels here are -24..23) and a text value written beforehand. */
  private void field(Label label, byte[] text) {
    if (writing) {
      Cbor.integer(out, label.cbor);
      out.writeBytes(text);
    }
    size += 1 + text.length;
  }

  private void seconds(Label label, long millis) {
    if (writing) {
      if (label == Label.TIME) {
        out.writeBytes(timeField(millis));
      } else {
        Cbor.integer(out, label.cbor);
        Cbor.number(out, millis / 1000.0);
      }
    }
    size += secondsLength(millis);
  }

  /** The bytes of a {@code t} field; kept, since times relative to a base repeat from pack to pack. */
  private byte[] timeField(long millis) {
    int slot = (int) ((millis * 0x9E3779B97F4A7C15L) >>> 54);
    byte[] field = timeFields[slot];
    if (field != null && timeKeys[slot] == millis) return field;
    Bytes b = new Bytes(10);
    Cbor.integer(b, Label.TIME.cbor);
    Cbor.number(b, millis / 1000.0);
    timeKeys[slot] = millis;
    return timeFields[slot] = b.toByteArray();
  }

  private void sequence(long sequence) {
    if (writing) {
      Cbor.text(out, Label.SEQUENCE.json);
      Cbor.integer(out, sequence);
    }
    size += 4 + Cbor.headLength(sequence);
  }

  /** Bytes of a time field (label and number); the answers are kept, as times relative to a base repeat. */
  private int secondsLength(long millis) {
    int slot = (int) ((millis * 0x9E3779B97F4A7C15L) >>> 54);
    if (secondsLengths[slot] != 0 && secondsKeys[slot] == millis) return secondsLengths[slot];
    int length = 1 + Cbor.numberLength(millis / 1000.0);
    secondsKeys[slot] = millis;
    secondsLengths[slot] = (byte) length;
    return length;
  }

  private int timeLength(long relativeMillis) {
    return relativeMillis == 0 ? 0 : secondsLength(relativeMillis);
  }

  private static byte[] text(String s) {
    Bytes b = new Bytes(s.length() + 3);
    Cbor.text(b, s);
    return b.toByteArray();
  }

  /** A channel's name texts, and its run in the list being grouped (valid while {@code stamp} is current). */
  private static final class Channel {
    final byte[] name;
    final byte[] baseName;
    int stamp;
    int run;
    Unit unit;

    Channel(byte[] name, byte[] baseName) {
      this.name = name;
      this.baseName = baseName;
    }
  }

  /** A unit's text, and its rank in the list being grouped (valid while {@code stamp} is current). */
  private static final class Unit {
    final byte[] text;
    int stamp;
    int rank;

    Unit(byte[] text) {
      this.text = text;
    }
  }

  /** The base values in force while the records of a pack are laid out. */
  private static final class Bases {
    final long sequence;
    boolean first = true;
    long millis;
    byte[] unit = text("");

    Bases(long sequence, long millis) {
      this.sequence = sequence;
      this.millis = millis;
    }
  }
}
