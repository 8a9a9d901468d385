// SPDX-License-Identifier: Apache-2.0
package org.edgegateway.config;

import java.time.Duration;
import java.time.LocalTime;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parsers for the human forms in the config: durations ({@code 1h30m}), sizes ({@code 256MB}), clock times. */
public final class Units {
  public static final String DURATION_FORM = "a duration such as 100ms, 30s, 20m, 1h30m, 7d";
  public static final String SIZE_FORM = "a size such as 512KB, 256MB, 2GB";

  private static final Pattern DURATION_PART = Pattern.compile("(\\d+)(ms|s|m|h|d)");
  private static final Pattern SIZE = Pattern.compile("(\\d+)\\s*(B|KB|MB|GB|KiB|MiB|GiB)?");

  private Units() {}

  /** Parses {@code 100ms}, {@code 20m}, {@code 1h30m}; null if the text is not of that form or too large. */
  public static Duration duration(String text) {
    try {
      return parseDuration(text);
    } catch (NumberFormatException | ArithmeticException tooLarge) {
      return null;
    }
  }

  private static Duration parseDuration(String text) {
    String s = text.trim();
    if (s.isEmpty()) return null;
    Matcher m = DURATION_PART.matcher(s);
    Duration total = Duration.ZERO;
    int end = 0;
    while (m.find() && m.start() == end) {
      long n = Long.parseLong(m.group(1));
      total = total.plus(switch (m.group(2)) {
        case "ms" -> Duration.ofMillis(n);
        case "s" -> Duration.ofSeconds(n);
        case "m" -> Duration.ofMinutes(n);
        case "h" -> Duration.ofHours(n);
        default -> Duration.ofDays(n);
      });
      end = m.end();
    }
    return end == s.length() ? total : null;
  }

  /** Parses {@code 256MB} (decimal) or {@code 256MiB} (binary) into bytes; null if not of that form or too large. */
  public static Long size(String text) {
    Matcher m = SIZE.matcher(text.trim());
    if (!m.matches()) return null;
    try {
      return Math.multiplyExact(Long.parseLong(m.group(1)), factor(m.group(2) == null ? "B" : m.group(2)));
    } catch (NumberFormatException | ArithmeticException tooLarge) {
      return null;
    }
  }

  private static long factor(String unit) {
    return switch (unit) {
      case "KB" -> 1000L;
      case "MB" -> 1000_000L;
      case "GB" -> 1000_000_000L;
      case "KiB" -> 1L << 10;
      case "MiB" -> 1L << 20;
      case "GiB" -> 1L << 30;
      default -> 1L;
    };
  }

  /** Parses {@code 22:00}; null if not a clock time. */
  public static LocalTime clockTime(String text) {
    try {
      return LocalTime.parse(text.trim());
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  /** Formats a duration back in the config's form, for error messages: {@code 1h30m}, {@code 250ms}. */
  public static String format(Duration d) {
    if (d.isZero()) return "0s";
    StringBuilder sb = new StringBuilder();
    long ms = d.toMillis();
    long[] sizes = {86_400_000L, 3_600_000L, 60_000L, 1000L, 1L};
    String[] names = {"d", "h", "m", "s", "ms"};
    for (int i = 0; i < sizes.length; i++) {
      if (ms >= sizes[i]) {
        sb.append(ms / sizes[i]).append(names[i]);
        ms %= sizes[i];
      }
    }
    return sb.toString();
  }

  static String formatNumber(double v) {
    if (v == Math.rint(v) && Math.abs(v) < 1e15) return Long.toString((long) v);
    return String.format(Locale.ROOT, "%s", v);
  }
}
