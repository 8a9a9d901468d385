// SPDX-License-Identifier: Apache-2.0
package org.edgegateway.bench;

import java.util.Arrays;
import java.util.List;

/**
 * The reconnect curve after a broker restart: each gateway's first connect (CONNACK) after the broker accepted
 * connections again, in 100 ms buckets, printed as a text histogram beside the connect attempts made in each
 * bucket, and summarised (time to 50/90/100 %, peak connects per second in a bucket against the mean over the
 * span from the first to the last reconnect).
 */
final class ReconnectCurve {
  static final long BUCKET_NANOS = 100_000_000L;

  private final String name;
  private final long[] offsets;
  private final int gateways;
  private final long[] attemptBuckets;

  /**
   * {@code connects}: (gateway, nanoTime) of every connect in the run; {@code upNanos}: when the broker accepted
   * again; {@code attempts}: (nanoTime, total attempts of the fleet) samples from the broker's stop on.
   */
  ReconnectCurve(String name, List<long[]> connects, long upNanos, int gateways, List<long[]> attempts) {
    this.name = name;
    this.gateways = gateways;
    long[] first = new long[gateways];
    Arrays.fill(first, Long.MAX_VALUE);
    for (long[] c : connects) {
      int g = (int) c[0];
      if (c[1] >= upNanos && c[1] < first[g]) first[g] = c[1];
    }
    offsets = Arrays.stream(first).filter(t -> t != Long.MAX_VALUE).map(t -> t - upNanos).sorted().toArray();
    int buckets = offsets.length == 0 ? 1 : (int) (offsets[offsets.length - 1] / BUCKET_NANOS) + 1;
    attemptBuckets = new long[buckets];
    for (int i = 1; i < attempts.size(); i++) {
      long t = attempts.get(i)[0] - upNanos;
      if (t < 0) continue;
      int b = (int) (t / BUCKET_NANOS);
      if (b < buckets) attemptBuckets[b] += attempts.get(i)[1] - attempts.get(i - 1)[1];
    }
  }

  int reconnected() {
    return offsets.length;
  }

  /** Seconds from the broker's return until {@code fraction} of the fleet had reconnected; NaN if never. */
  double secondsTo(double fraction) {
    int n = (int) Math.ceil(fraction * gateways);
    return n == 0 || n > offsets.length ? Double.NaN : offsets[n - 1] / 1e9;
  }

  int[] histogram() {
    int[] counts = new int[attemptBuckets.length];
    for (long o : offsets) counts[(int) (o / BUCKET_NANOS)]++;
    return counts;
  }

  /** The most connects in one 100 ms bucket, per second. */
  double peakPerSecond() {
    return Arrays.stream(histogram()).max().orElse(0) * 1e9 / BUCKET_NANOS;
  }

  /** Reconnects per second over the span from the first to the last, at least one bucket long. */
  double meanPerSecond() {
    if (offsets.length == 0) return 0;
    long span = Math.max(BUCKET_NANOS, offsets[offsets.length - 1] - offsets[0]);
    return offsets.length * 1e9 / span;
  }

  String plot() {
    int[] counts = histogram();
    int max = Math.max(1, Arrays.stream(counts).max().orElse(1));
    StringBuilder out = new StringBuilder("reconnect curve, " + name + " (connects per 100 ms from the broker's "
        + "return; attempts = connect attempts started in the bucket):\n");
    int empty = 0;
    for (int b = 0; b < counts.length; b++) {
      if (counts[b] == 0 && attemptBuckets[b] == 0) {
        empty++;
        continue;
      }
      if (empty > 0) out.append(String.format("  %d empty bucket(s)%n", empty));
      empty = 0;
      out.append(String.format("  %5.1f s %5d %5d |%s%n", b * BUCKET_NANOS / 1e9, counts[b], attemptBuckets[b],
          "#".repeat((int) Math.round(60.0 * counts[b] / max))));
    }
    return out.toString();
  }

  String summaryRow() {
    return String.format("| %s | %d/%d | %s | %s | %s | %s | %.0f/s | %.0f/s | %.1f | %.0f/s |", name,
        offsets.length, gateways, seconds(offsets.length == 0 ? Double.NaN : offsets[0] / 1e9), seconds(secondsTo(0.5)),
        seconds(secondsTo(0.9)), seconds(secondsTo(1.0)), peakPerSecond(), meanPerSecond(),
        peakPerSecond() / meanPerSecond(), Arrays.stream(attemptBuckets).max().orElse(0) * 1e9 / BUCKET_NANOS);
  }

  private static String seconds(double s) {
    return Double.isNaN(s) ? "never" : String.format("%.2f s", s);
  }

  static String summaryHeader() {
    return "| restart | reconnected | first | 50 % | 90 % | 100 % | peak (100 ms) | mean (first→last) | peak/mean "
        + "| peak attempts (100 ms) |\n"
        + "|---|---|---|---|---|---|---|---|---|---|";
  }
}
