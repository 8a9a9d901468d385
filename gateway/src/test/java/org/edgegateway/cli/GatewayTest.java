// SPDX-License-Identifier: Apache-2.0
package org.edgegateway.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.edgegateway.command.Command;
import org.edgegateway.command.Origin;
import org.edgegateway.config.ConfigLoader;
import org.edgegateway.config.GatewayConfig;
import org.edgegateway.drivers.gpio.ValveOutput;
import org.edgegateway.testing.Await;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GatewayTest {
  @TempDir
  Path dir;

  @Test
  void demoRunsBuffersAndStopsWithEveryValveClosedWithinFiveSeconds() throws Exception {
    GatewayConfig config = ConfigLoader.load(DemoConfigs.demoIn(dir, DemoConfigs.closedPort(), "1s"));
    List<String> status = new CopyOnWriteArrayList<>();
    Gateway g = Gateway.start(config, Clock.systemUTC(), System::nanoTime, Version.buildMillis());
    try {
      g.onStatus(status::add);
      Await.until(Duration.ofSeconds(20), () -> !status.isEmpty(), "a status line");
      Await.until(Duration.ofSeconds(20), () -> g.outbox().stats().committed() > 0, "committed readings");
      assertTrue(status.get(0).contains("bed-1") && status.get(0).contains("buffer"), status.get(0));

      // Open a valve by a manual run, so that the stop has something to close.
      g.commands().submit(Origin.technician("test", "t"), new Command.OpenZone("bed-1", Duration.ofMinutes(1)))
          .get(5, TimeUnit.SECONDS);
      ValveOutput valve = g.valveOutputs().get("valve-bed-1");
      Await.until(Duration.ofSeconds(10), () -> isOpen(valve), "valve-bed-1 open");
    } finally {
      long t0 = System.nanoTime();
      g.stop();
      assertTrue(g.awaitStop(5, TimeUnit.SECONDS));
      long ms = (System.nanoTime() - t0) / 1_000_000L;
      assertTrue(ms < 5000, "stopped in " + ms + " ms");
    }
    for (ValveOutput v : g.valveOutputs().values()) assertFalse(v.isOpen(), v.id() + " left open");
    assertEquals(0, g.awaitStop());
  }

  @Test
  void aConsoleThatCannotStartLeavesTheGatewayRunning() throws Exception {
    // Another service holds the console's port: the page cannot start, the valves and the buffer must not care.
    try (java.net.ServerSocket taken = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      Path file = DemoConfigs.demoIn(dir, DemoConfigs.closedPort(), "1s");
      java.nio.file.Files.writeString(file, java.nio.file.Files.readString(file)
          .replace("port: 0", "port: " + taken.getLocalPort()));
      Gateway g = Gateway.start(ConfigLoader.load(file), Clock.systemUTC(), System::nanoTime, Version.buildMillis());
      try {
        assertEquals(null, g.console(), "no console on a taken port");
        long ticks = g.loop().metrics().ticks();
        Await.until(Duration.ofSeconds(10), () -> g.loop().metrics().ticks() > ticks + 5, "the loop ticks on");
        Await.until(Duration.ofSeconds(20), () -> g.outbox().stats().committed() > 0, "committed readings");
      } finally {
        g.stop();
        assertTrue(g.awaitStop(5, TimeUnit.SECONDS));
      }
      assertEquals(0, g.awaitStop());
    }
  }

  @Test
  void rootCauseNamesEveryCauseInOneLine() {
    Exception e = new SecurityException("Can not initialize cryptographic mechanism",
        new SecurityException("Couldn't iterate through the jurisdiction policy files: unlimited"));
    assertEquals("java.lang.SecurityException: Can not initialize cryptographic mechanism; caused by "
        + "java.lang.SecurityException: Couldn't iterate through the jurisdiction policy files: unlimited",
        Gateway.rootCause(e));
  }

  private static boolean isOpen(ValveOutput v) {
    try {
      return v.isOpen();
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }
}
