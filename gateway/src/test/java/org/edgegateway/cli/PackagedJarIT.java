// SPDX-License-Identifier: Apache-2.0
package org.edgegateway.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.edgegateway.testing.Await;
import org.edgegateway.control.StallInjection;
import org.edgegateway.status.NotifySocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs the shaded jar the build produced, as a technician or systemd would. */
class PackagedJarIT {
  static final Path JAR = Path.of(System.getProperty("edgegateway.jar", "target/edge-gateway.jar"));

  @TempDir
  Path dir;

  private Process start(String... args) throws IOException {
    return start(List.of(), java.util.Map.of(), args);
  }

  private Process start(List<String> jvmArgs, java.util.Map<String, String> env, String... args) throws IOException {
    List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
    cmd.addAll(jvmArgs);
    cmd.addAll(List.of("-jar", JAR.toString()));
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true)
        .redirectOutput(dir.resolve("out.txt").toFile());
    pb.environment().putAll(env);
    return pb.start();
  }

  @Test
  void systemdHearsReadyThenWatchdogPingsWhichStopWhenTheLoopStalls() throws Exception {
    Path config = DemoConfigs.demoIn(dir, DemoConfigs.closedPort(), "1s");
    try (NotifySocket socket = NotifySocket.atPath(dir.resolve("notify.sock"))) {
      Process p = start(List.of("-D" + StallInjection.PROPERTY + "=60"), java.util.Map.of("NOTIFY_SOCKET",
          socket.address(), "WATCHDOG_USEC", "1000000"), "run", "--config", config.toString());
      try {
        List<String> first = new ArrayList<>();
        while (!first.contains("READY=1")) first.addAll(socket.receive(1, Duration.ofSeconds(30)));
        // WATCHDOG_USEC of 1 s: a ping every 0.5 s while the loop ticks on time.
        long pings = socket.receiveFor(Duration.ofSeconds(3)).stream().filter("WATCHDOG=1"::equals).count();
        assertTrue(pings >= 4 && pings <= 8, pings + " pings in 3 s");
        Await.until(Duration.ofSeconds(30), () -> read().contains("control loop stalled"), "the stall");
        socket.receiveFor(Duration.ofMillis(700)); // a ping already on its way
        List<String> after = socket.receiveFor(Duration.ofSeconds(3));
        assertTrue(after.stream().noneMatch("WATCHDOG=1"::equals), "pings after the stall: " + after);
        assertTrue(read().contains("all valves closed"), output());
      } finally {
        p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    }
  }

  private String output() throws IOException {
    return Files.readString(dir.resolve("out.txt"), StandardCharsets.UTF_8);
  }

  @Test
  void brokenConfigExitsWithCodeTwoAndNamesFileLineAndKey() throws Exception {
    Path bad = dir.resolve("gateway.yaml");
    Files.writeString(bad, "gateway:\n  id: gw-1\n  site: s\nloop:\n  period: 0ms\n", StandardCharsets.UTF_8);
    Process p = start("run", "--config", bad.toString());
    assertTrue(p.waitFor(30, TimeUnit.SECONDS), "exited");
    assertEquals(2, p.exitValue());
    assertTrue(output().contains("gateway.yaml:5: loop.period: 0ms is out of range; allowed: 10ms to 10s"), output());
  }

  @Test
  void unknownCommandIsAUsageError() throws Exception {
    Process p = start("frobnicate");
    assertTrue(p.waitFor(30, TimeUnit.SECONDS));
    assertEquals(2, p.exitValue());
    assertTrue(output().contains("unknown command 'frobnicate'; allowed: run, check, console-password, version"),
        output());
  }

  @Test
  void versionAndHelpWork() throws Exception {
    Process p = start("version");
    assertTrue(p.waitFor(30, TimeUnit.SECONDS));
    assertEquals(0, p.exitValue());
    assertTrue(output().matches("(?s)edge-gateway \\d+\\.\\d+\\.\\d+.*"), output());
    Process h = start("--help");
    assertTrue(h.waitFor(30, TimeUnit.SECONDS));
    assertEquals(0, h.exitValue());
    assertTrue(output().contains("Exit codes: 0 normal stop, 1 runtime failure, 2 invalid config or usage."));
  }

  @Test
  void demoStopsCleanlyOnSigtermWithExitCodeZero() throws Exception {
    Path config = DemoConfigs.demoIn(dir, DemoConfigs.closedPort(), "1s");
    Process p = start("run", "--config", config.toString());
    try {
      // Right at the "running" line, as a quick systemctl stop would: the stop must still be clean.
      Await.until(Duration.ofSeconds(30), () -> read().contains(" running: "), "the gateway running");
      long t0 = System.nanoTime();
      p.destroy(); // SIGTERM
      assertTrue(p.waitFor(5, TimeUnit.SECONDS), "stopped within 5 s");
      assertTrue(System.nanoTime() - t0 < 5_000_000_000L);
      assertEquals(0, p.exitValue(), output());
      assertTrue(output().contains("gateway stopped"), output());
    } finally {
      p.destroyForcibly();
    }
  }

  private String read() {
    try {
      return output();
    } catch (IOException e) {
      return "";
    }
  }
}
