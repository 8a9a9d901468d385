// SPDX-License-Identifier: Apache-2.0
package org.edgegateway.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.edgegateway.data.Quality;
import org.edgegateway.data.Reading;

/** Shared helpers of the buffer and replay benchmarks: a realistic reading stream, medians, temp dirs. */
final class BenchData {
  private static final String[][] CHANNELS = {
    {"bed-%d.moisture", "%RH"}, {"bed-%d.soil-temp", "Cel"}, {"valve-%d.flow", "l/min"}, {"line-%d.pressure", "bar"},
  };
  /** A day ago, whole days: young enough for the 30-day age cap, the same within one run. */
  private static final long START_MILLIS = (System.currentTimeMillis() / 86_400_000L - 1) * 86_400_000L;

  private BenchData() {}

  /**
   * The {@code i}-th reading of 40 channels (10 beds of moisture, soil temperature, flow and pressure) sampled
   * round-robin every 10 s, values with the resolution of their sensors.
   */
  static Reading reading(long i) {
    int ch = (int) (i % 40);
    long round = i / 40;
    String[] kind = CHANNELS[ch % 4];
    double wobble = Math.sin(round * 0.01 + ch);
    double value = switch (ch % 4) {
      case 0 -> Math.round((35 + 10 * wobble) * 10) / 10.0;
      case 1 -> Math.round((18 + 4 * wobble) * 100) / 100.0;
      case 2 -> Math.round(Math.max(0, 12 * wobble) * 10) / 10.0;
      default -> Math.round((3 + wobble) * 1000) / 1000.0;
    };
    return new Reading(String.format(kind[0], ch / 4), START_MILLIS + round * 1_000 + ch * 20L, value, kind[1],
        Quality.OK);
  }

  /** One side of a round: readings per second of round {@code round}. */
  @FunctionalInterface
  interface Rate {
    double of(int round) throws Exception;
  }

  /**
   * Runs {@code rounds} rounds of the baseline then the subject (B S B S ...), prints a row per round and the
   * medians, and returns the ratio of the medians, subject / baseline.
   */
  static double interleaved(int rounds, String baseName, Rate baseline, String subjectName, Rate subject)
      throws Exception {
    List<Double> base = new ArrayList<>();
    List<Double> subj = new ArrayList<>();
    System.out.printf("%-6s %18s %18s %7s%n", "round", baseName + " r/s", subjectName + " r/s", "ratio");
    for (int r = 0; r < rounds; r++) {
      double b = baseline.of(r);
      double s = subject.of(r);
      base.add(b);
      subj.add(s);
      System.out.printf("%-6d %,18.0f %,18.0f %7.2f%n", r + 1, b, s, s / b);
    }
    double mb = median(base);
    double ms = median(subj);
    System.out.printf("%-6s %,18.0f %,18.0f %7.2f%n", "median", mb, ms, ms / mb);
    return ms / mb;
  }

  static double median(List<Double> values) {
    double[] v = values.stream().mapToDouble(Double::doubleValue).toArray();
    Arrays.sort(v);
    return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
  }

  /** A fresh directory under target/bench-tmp (scripts write only under target/). */
  static Path tempDir(String name) throws IOException {
    Path root = Path.of("target", "bench-tmp");
    Files.createDirectories(root);
    return Files.createTempDirectory(root, name);
  }

  static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) return;
    List<Path> paths;
    try (Stream<Path> s = Files.walk(dir)) {
      paths = new ArrayList<>(s.sorted(Comparator.reverseOrder()).toList());
    }
    for (Path p : paths) Files.deleteIfExists(p);
  }

  static long sizeWithWal(Path db) throws IOException {
    long size = 0;
    for (String suffix : new String[] {"", "-wal"}) {
      Path p = Path.of(db + suffix);
      if (Files.exists(p)) size += Files.size(p);
    }
    return size;
  }
}
