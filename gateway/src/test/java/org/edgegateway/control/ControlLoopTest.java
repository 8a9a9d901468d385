// SPDX-License-Identifier: Apache-2.0
package org.edgegateway.control;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.edgegateway.config.ConfigLoader;
import org.edgegateway.config.GatewayConfig;
import org.edgegateway.data.Event;
import org.edgegateway.drivers.gpio.ValveOutput;
import org.edgegateway.safety.RecordingValve;
import org.edgegateway.safety.Safety;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ControlLoopTest {
  static final Duration PERIOD = Duration.ofMillis(100);

  final List<Event> events = new CopyOnWriteArrayList<>();
  final RecordingValve valve = new RecordingValve("v", false);
  Safety safety;
  ControlLoop loop;
  StallSupervisor supervisor;

  void start(ControlLoop.Tick body) throws Exception {
    GatewayConfig c = ConfigLoader.parse("t.yaml", "gateway: {id: gw, site: s}\nvalves: [{id: v, type: simulated}]\n"
        + "safety: {min-pause: 0s}\n", Path.of("/tmp"), Path.of("/tmp/t.yaml"), false);
    safety = new Safety(Map.<String, ValveOutput>of("v", valve), c, Clock.systemUTC(), System::nanoTime, events::add);
    LoopMetrics metrics = new LoopMetrics();
    loop = new ControlLoop(PERIOD, body, System::nanoTime, metrics);
    supervisor = StallSupervisor.closingValves(metrics, PERIOD.toNanos(), System::nanoTime, safety, events::add,
        Clock.systemUTC());
    loop.start();
    supervisor.start();
  }

  @AfterEach
  void stop() {
    if (supervisor != null) supervisor.close();
    if (loop != null) loop.close();
  }

  /** Events are recorded just after the outputs close, so wait for them (with a deadline). */
  private void awaitEvent(String kind, String text) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (events.stream().noneMatch(e -> e.kind().equals(kind) && e.message().contains(text))) {
      assertTrue(System.nanoTime() < deadline, "no event " + kind + " with '" + text + "' in " + events);
      LockSupport.parkNanos(1_000_000L);
    }
  }

  private void openValve(long now) {
    safety.apply(Map.of("v", "test"), Map.of(), now);
  }

  @Test
  void aTickThatThrowsClosesEveryValveAndRaisesOneAlert() throws Exception {
    AtomicLong ticks = new AtomicLong();
    start(new ControlLoop.Tick() {
      @Override
      public void run(long now, long dt) {
        if (ticks.incrementAndGet() < 5) {
          openValve(now);
        } else {
          throw new IllegalStateException("rule bug");
        }
      }

      @Override
      public void failed(Throwable error) {
        safety.emergencyClose("control loop error: " + error);
      }
    });
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (ticks.get() < 8 && System.nanoTime() < deadline) LockSupport.parkNanos(1_000_000L);
    assertTrue(ticks.get() >= 8, "loop goes on after the exception");
    assertFalse(valve.isOpen());
    awaitEvent("valve.emergency-close", "rule bug");
  }

  @Test
  void aStalledLoopHasItsValvesClosedWithinThreePeriods() throws Exception {
    AtomicBoolean stall = new AtomicBoolean();
    CountDownLatch release = new CountDownLatch(1);
    AtomicLong stalledAt = new AtomicLong();
    start(new ControlLoop.Tick() {
      @Override
      public void run(long now, long dt) {
        openValve(now);
        if (stall.get()) {
          stalledAt.set(System.nanoTime());
          try {
            release.await(10, TimeUnit.SECONDS); // the loop hangs inside a tick
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        }
      }

      @Override
      public void failed(Throwable error) {}
    });
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (!valve.isOpen() && System.nanoTime() < deadline) LockSupport.parkNanos(1_000_000L);
    assertTrue(valve.isOpen(), "opened by the healthy loop");
    stall.set(true);
    while (valve.isOpen() && System.nanoTime() < deadline) LockSupport.parkNanos(1_000_000L);
    long closedAfter = System.nanoTime() - stalledAt.get();
    release.countDown();
    assertFalse(valve.isOpen(), "closed by the supervisor");
    // The stalled tick began about one period after the last completed one; the supervisor acts when three periods
    // (the stall time of a 100 ms loop) have passed since that completion, checking every twelfth of it. 100 ms of
    // slack for a loaded machine.
    assertTrue(closedAfter < 3 * PERIOD.toNanos() + 100_000_000L, "closed after " + closedAfter / 1_000_000 + " ms");
    awaitEvent("valve.emergency-close", "stalled");
    awaitEvent("alert.raised", "stalled");
    assertTrue(events.stream().anyMatch(e -> e.kind().equals("alert.raised") && e.source().equals("loop-stalled")));
  }
}
