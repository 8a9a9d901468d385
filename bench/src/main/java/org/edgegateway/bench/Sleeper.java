// SPDX-License-Identifier: Apache-2.0
package org.edgegateway.bench;

/** The footprint baseline: a JVM that prints one line and then only sleeps. */
public final class Sleeper {
  private Sleeper() {}

  public static void main(String[] args) throws InterruptedException {
    System.out.println("hello");
    System.out.flush();
    if (args.length > 0 && args[0].equals("--exit")) return;
    while (true) Thread.sleep(1000);
  }
}
