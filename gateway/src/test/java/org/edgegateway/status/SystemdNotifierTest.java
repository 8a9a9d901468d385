// SPDX-License-Identifier: Apache-2.0
package org.edgegateway.status;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SystemdNotifierTest {
  private static final Duration WAIT = Duration.ofSeconds(5);
  private static final long PID = 4242;

  @TempDir
  Path dir;

  private final List<String> warnings = new ArrayList<>();

  private SystemdNotifier notifier(Map<String, String> env) {
    return SystemdNotifier.from(env, PID, warnings::add);
  }

  @Test
  void readyStatusWatchdogAndStoppingArriveAsExactDatagrams() throws Exception {
    try (NotifySocket systemd = NotifySocket.atPath(dir.resolve("notify"))) {
      SystemdNotifier n = notifier(Map.of("NOTIFY_SOCKET", systemd.address()));
      assertTrue(n.enabled());
      n.ready();
      n.status("zones bed-1 21.4% OPEN watering | loop p99 0.3 ms");
      n.watchdog();
      n.stopping();
      assertEquals(List.of("READY=1", "STATUS=zones bed-1 21.4% OPEN watering | loop p99 0.3 ms", "WATCHDOG=1",
          "STOPPING=1"), systemd.receive(4, WAIT));
      assertEquals(List.of(), warnings);
    }
  }

  @Test
  void abstractNamespaceAddressReceivesTheDatagrams() throws Exception {
    String name = "@edge-gateway-test-" + ProcessHandle.current().pid() + "-" + ThreadLocalRandom.current().nextInt();
    try (NotifySocket systemd = NotifySocket.abstractName(name)) {
      SystemdNotifier n = notifier(Map.of("NOTIFY_SOCKET", name));
      n.ready();
      n.watchdog();
      assertEquals(List.of("READY=1", "WATCHDOG=1"), systemd.receive(2, WAIT));
    }
  }

  @Test
  void statusLineBreaksBecomeSpacesSoOneStatusStaysOneAssignment() throws Exception {
    try (NotifySocket systemd = NotifySocket.atPath(dir.resolve("notify"))) {
      notifier(Map.of("NOTIFY_SOCKET", systemd.address())).status("buffer full\nREADY=1\r");
      assertEquals(List.of("STATUS=buffer full READY=1 "), systemd.receive(1, WAIT));
    }
  }

  @Test
  void withoutNotifySocketEveryCallIsANoOp() {
    SystemdNotifier n = notifier(Map.of("WATCHDOG_USEC", "10000000"));
    assertFalse(n.enabled());
    n.ready();
    n.status("x");
    n.watchdog();
    n.stopping();
    assertEquals(Optional.empty(), n.watchdogInterval());
    assertEquals(List.of(), warnings);
  }

  @Test
  void disabledNotifierSendsNothingAndHasNoWatchdog() {
    SystemdNotifier n = SystemdNotifier.disabled();
    assertFalse(n.enabled());
    n.ready();
    n.watchdog();
    assertEquals(Optional.empty(), n.watchdogInterval());
  }

  @Test
  void sendFailureIsLoggedOnceAndNeverThrown() throws Exception {
    Path socket = dir.resolve("notify");
    SystemdNotifier n = notifier(Map.of("NOTIFY_SOCKET", socket.toString()));
    n.ready();
    n.watchdog();
    n.status("still nobody listening");
    assertEquals(1, warnings.size(), warnings.toString());
    assertTrue(warnings.get(0).startsWith("cannot notify systemd (READY)"), warnings.get(0));

    try (NotifySocket systemd = NotifySocket.atPath(socket)) {
      n.watchdog();
      assertEquals(List.of("WATCHDOG=1"), systemd.receive(1, WAIT));
    }
    n.watchdog();
    assertEquals(2, warnings.size(), "a new failure after a success is logged again: " + warnings);
  }

  @Test
  void addressThatIsNeitherPathNorAbstractNameDisablesNotifications() {
    SystemdNotifier n = notifier(Map.of("NOTIFY_SOCKET", "vsock:2:1234"));
    assertFalse(n.enabled());
    n.ready();
    assertEquals(1, warnings.size(), warnings.toString());
  }

  @Test
  void watchdogIntervalComesFromWatchdogUsec() {
    Map<String, String> env = Map.of("NOTIFY_SOCKET", "/run/systemd/notify", "WATCHDOG_USEC", "10000000");
    assertEquals(Optional.of(Duration.ofSeconds(10)), notifier(env).watchdogInterval());
  }

  @Test
  void watchdogIntervalHonoursWatchdogPid() {
    Map<String, String> mine = Map.of("NOTIFY_SOCKET", "/run/systemd/notify", "WATCHDOG_USEC", "8000000",
        "WATCHDOG_PID", Long.toString(PID));
    Map<String, String> other = Map.of("NOTIFY_SOCKET", "/run/systemd/notify", "WATCHDOG_USEC", "8000000",
        "WATCHDOG_PID", Long.toString(PID + 1));
    assertEquals(Optional.of(Duration.ofSeconds(8)), notifier(mine).watchdogInterval());
    assertEquals(Optional.empty(), notifier(other).watchdogInterval());
  }

  @Test
  void zeroOrGarbledWatchdogUsecMeansNoWatchdog() {
    for (String usec : new String[] {"0", "-5", "ten", "", "99999999999999999999"}) {
      Map<String, String> env = Map.of("NOTIFY_SOCKET", "/run/systemd/notify", "WATCHDOG_USEC", usec);
      assertEquals(Optional.empty(), notifier(env).watchdogInterval(), usec);
    }
  }

  @Test
  void sockaddrCarriesThePathWithItsNulOrTheAbstractNameWithout() {
    byte[] path = UnixDatagram.sockaddr("/run/n");
    assertEquals(2 + 6 + 1, path.length);
    assertArrayEquals(new byte[] {'/', 'r', 'u', 'n', '/', 'n', 0}, Arrays.copyOfRange(path, 2, 9));
    byte[] abstractName = UnixDatagram.sockaddr("@n");
    assertArrayEquals(new byte[] {0, 'n'}, Arrays.copyOfRange(abstractName, 2, 4));
    assertEquals(4, abstractName.length);
    assertThrows(IllegalArgumentException.class, () -> UnixDatagram.sockaddr("/" + "x".repeat(107)));
  }
}
