// SPDX-License-Identifier: Apache-2.0
package org.edgegateway.status;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.tinylog.Logger;

/**
 * Tells systemd how the service is doing ({@code sd_notify}): {@code READY=1} once the gateway works,
 * {@code WATCHDOG=1} while the control loop keeps its period, {@code STATUS=...} for {@code systemctl status},
 * {@code STOPPING=1} on the way down. Without {@code NOTIFY_SOCKET} (not started by systemd, or not
 * {@code Type=notify}) every method does nothing.
 *
 * <p>Why libc through JNA: Java 17's NIO has no AF_UNIX <em>datagram</em> sockets. The {@code systemd-notify}
 * binary sends from its own short-lived PID, so it needs {@code NotifyAccess=all}, and systemd drops the message
 * when that process is gone before it could be attributed to the unit (a known race). The library
 * {@code info.faljse:SDNotify} makes the same JNA calls, but would add a dependency for some 100 lines and decides
 * itself how failures surface; here a failure never reaches the caller. JNA is on the class path through pi4j.
 * Every method is thread-safe and never throws: a failed send is logged once (again only after a send succeeded).
 */
public final class SystemdNotifier {
  private static final SystemdNotifier DISABLED = new SystemdNotifier(null, null, message -> {});

  private final byte[] sockaddr;
  private final Duration watchdog;
  private final Consumer<String> warn;
  private boolean failing;

  private SystemdNotifier(byte[] sockaddr, Duration watchdog, Consumer<String> warn) {
    this.sockaddr = sockaddr;
    this.watchdog = watchdog;
    this.warn = warn;
  }

  /** The notifier for this process, from {@code NOTIFY_SOCKET}, {@code WATCHDOG_USEC} and {@code WATCHDOG_PID}. */
  public static SystemdNotifier fromEnvironment() {
    return from(System.getenv(), ProcessHandle.current().pid(), Logger::warn);
  }

  /** A notifier that sends nothing (tests, and runs outside systemd). */
  public static SystemdNotifier disabled() {
    return DISABLED;
  }

  /** As {@link #fromEnvironment()} for a given environment and PID; {@code warn} receives the failure log lines. */
  static SystemdNotifier from(Map<String, String> env, long pid, Consumer<String> warn) {
    String socket = env.get("NOTIFY_SOCKET");
    if (socket == null || socket.isEmpty()) return DISABLED;
    byte[] address;
    try {
      address = UnixDatagram.sockaddr(socket);
    } catch (IllegalArgumentException e) {
      warn.accept("systemd notifications off: " + e.getMessage());
      return DISABLED;
    }
    return new SystemdNotifier(address, watchdogTimeout(env, pid), warn);
  }

  // As sd_watchdog_enabled(3): WATCHDOG_PID, when set, must name this process.
  private static Duration watchdogTimeout(Map<String, String> env, long pid) {
    String usec = env.get("WATCHDOG_USEC");
    String forPid = env.get("WATCHDOG_PID");
    try {
      if (usec == null || (forPid != null && Long.parseLong(forPid.trim()) != pid)) return null;
      long micros = Long.parseLong(usec.trim());
      return micros > 0 ? Duration.ofNanos(Math.multiplyExact(micros, 1000L)) : null;
    } catch (NumberFormatException | ArithmeticException e) {
      return null;
    }
  }

  /** Whether notifications go anywhere (the process runs under systemd with {@code NOTIFY_SOCKET}). */
  public boolean enabled() {
    return sockaddr != null;
  }

  /**
   * The service's {@code WatchdogSec=}, when systemd watches this process. Send {@link #watchdog()} at least twice
   * per interval, and only while the work it vouches for really happens.
   */
  public Optional<Duration> watchdogInterval() {
    return Optional.ofNullable(watchdog);
  }

  /** Start-up is complete: systemd now reports the unit as started. */
  public void ready() {
    send("READY=1");
  }

  /** One line for {@code systemctl status}; line breaks become spaces. */
  public void status(String line) {
    send("STATUS=" + line.replace('\r', ' ').replace('\n', ' '));
  }

  /** Keeps the watchdog from restarting the service. */
  public void watchdog() {
    send("WATCHDOG=1");
  }

  /** The service is shutting down (before the valves close and the buffer flushes). */
  public void stopping() {
    send("STOPPING=1");
  }

  private void send(String message) {
    if (sockaddr == null) return;
    try {
      UnixDatagram.send(sockaddr, message.getBytes(StandardCharsets.UTF_8));
      synchronized (this) {
        failing = false;
      }
    } catch (IOException | RuntimeException | LinkageError e) {
      boolean first;
      synchronized (this) {
        first = !failing;
        failing = true;
      }
      String what = message.substring(0, message.indexOf('='));
      if (first) warn.accept("cannot notify systemd (" + what + "): " + e + "; further failures not logged");
    }
  }
}
