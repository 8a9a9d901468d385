// SPDX-License-Identifier: Apache-2.0
package org.edgegateway.uplink;

import java.io.PrintStream;
import java.nio.file.Path;

/**
 * The child JVM of {@link SequenceFileTest}: saves 1, 2, 3, ... to the sequence file in {@code args[0]} and prints
 * {@code saved <n>} after each save returned, until it is killed.
 */
public final class SequenceChild {
  static final String PREFIX = "saved ";

  private SequenceChild() {}

  public static void main(String[] args) throws Exception {
    SequenceFile file = new SequenceFile(Path.of(args[0]));
    PrintStream out = System.out;
    for (long n = 1; ; n++) {
      file.save(n);
      out.println(PREFIX + n);
      out.flush();
    }
  }
}
