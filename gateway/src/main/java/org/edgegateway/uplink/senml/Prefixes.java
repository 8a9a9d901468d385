// SPDX-License-Identifier: Apache-2.0
package org.edgegateway.uplink.senml;

import java.util.HashMap;
import java.util.Map;
import java.util.function.IntFunction;
import java.util.function.IntPredicate;
import java.util.function.IntToLongFunction;

/** The search for the longest prefix of a list whose pack fits a byte bound, shared by the pack encoders. */
final class Prefixes {
  private Prefixes() {}

  /**
   * The longest prefix of {@code size} items whose pack fits, {@code fits} telling whether the pack of a prefix of
   * that length does; at least one item, even if it alone is larger. Few prefixes are tried (each costs a pack):
   * the whole list, then where the average item of the whole list says the bound falls (from {@code wholeBytes},
   * the whole list's pack size over {@code maxBytes}), then outward in doubling steps until the bound is bracketed,
   * then halving.
   */
  static int longest(int size, IntPredicate fits, IntToLongFunction bytesOf, long maxBytes) {
    long all = bytesOf.applyAsLong(size);
    if (all <= maxBytes || size == 1) return size;
    // The prefix of lo items fits (lo = 0: none known yet); the prefix of hi does not.
    int lo = 0;
    int hi = size;
    int guess = (int) Math.min(size - 1, Math.max(1, size * maxBytes / all));
    if (fits.test(guess)) {
      lo = guess;
      for (int step = 1; lo + step < hi; step *= 2) {
        if (!fits.test(lo + step)) {
          hi = lo + step;
          break;
        }
        lo += step;
      }
    } else {
      hi = guess;
      for (int step = 1; hi > 1; step *= 2) {
        int down = Math.max(1, hi - step);
        if (fits.test(down)) {
          lo = down;
          break;
        }
        hi = down;
      }
    }
    while (lo > 0 && hi - lo > 1) {
      int mid = (lo + hi) >>> 1;
      if (fits.test(mid)) {
        lo = mid;
      } else {
        hi = mid;
      }
    }
    return Math.max(lo, 1); // lo = 0: one item alone too big.
  }

  /** {@link #longest(int, IntPredicate, IntToLongFunction, long)} with packs built by {@code pack}, and its pack. */
  static EncodedPack longest(int size, int maxBytes, IntFunction<byte[]> pack) {
    Map<Integer, byte[]> built = new HashMap<>();
    IntToLongFunction bytesOf = n -> built.computeIfAbsent(n, pack::apply).length;
    int n = longest(size, k -> bytesOf.applyAsLong(k) <= maxBytes, bytesOf, maxBytes);
    return new EncodedPack(built.computeIfAbsent(n, pack::apply), n);
  }
}
