// SPDX-License-Identifier: Apache-2.0
package org.edgegateway.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.HdrHistogram.Histogram;

/**
 * Runs {@code cyclictest} (rt-tests) with one SCHED_OTHER thread, nice 0, as the gateway's loop thread runs, at
 * an absolute period, and returns the wake-up latency of every loop. The option order matters: a {@code -p}
 * after {@code --policy=other} switches the thread to SCHED_FIFO.
 */
final class Cyclictest {
  private static final Pattern LINE = Pattern.compile("^\\s*0:\\s+\\d+:\\s+(\\d+)\\s*$");

  private Cyclictest() {}

  /** The command for {@code loops} wake-ups every {@code periodMicros}. */
  static List<String> command(long periodMicros, long loops) {
    return List.of("cyclictest", "-p0", "--policy=other", "-t1", "-d0", "-i", Long.toString(periodMicros), "-l",
        Long.toString(loops), "-v", "--default-system");
  }

  /** Runs it and returns each loop's latency in nanoseconds (cyclictest reports microseconds). */
  static Histogram run(long periodMicros, long loops) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(command(periodMicros, loops)).redirectErrorStream(true).start();
    Histogram h = new Histogram(60_000_000_000L, 3);
    StringBuilder other = new StringBuilder();
    try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line; (line = r.readLine()) != null; ) {
        Matcher m = LINE.matcher(line);
        if (m.matches()) h.recordValue(Long.parseLong(m.group(1)) * 1000L);
        else other.append(line).append('\n');
      }
    }
    int code = p.waitFor();
    if (code != 0 || h.getTotalCount() == 0) throw new IOException("cyclictest failed (" + code + "): " + other);
    return h;
  }
}
