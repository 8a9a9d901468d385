// SPDX-License-Identifier: Apache-2.0
package org.edgegateway.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Prints the machine a benchmark ran on, as the first lines of every benchmark's output. */
public final class Machine {
  private Machine() {}

  public static void main(String[] args) {
    System.out.println(describe());
  }

  /** CPU model and count, kernel, JVM and its flags, in a few lines starting with "# machine". */
  public static String describe() {
    return "# machine: " + cpuModel() + ", " + Runtime.getRuntime().availableProcessors() + " cores, "
        + System.getProperty("os.name") + " " + System.getProperty("os.version") + "\n"
        + "# jvm: " + System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version")
        + ", flags " + ManagementFactory.getRuntimeMXBean().getInputArguments();
  }

  private static String cpuModel() {
    try {
      List<String> lines = Files.readAllLines(Path.of("/proc/cpuinfo"));
      for (String line : lines) {
        if (line.startsWith("model name")) return line.substring(line.indexOf(':') + 1).trim();
      }
      return "unknown CPU";
    } catch (IOException e) {
      return "unknown CPU (" + e.getMessage() + ")";
    }
  }
}
