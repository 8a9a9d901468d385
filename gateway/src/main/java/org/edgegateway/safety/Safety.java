// SPDX-License-Identifier: Apache-2.0
package org.edgegateway.safety;

import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.edgegateway.config.GatewayConfig;
import org.edgegateway.data.Event;
import org.edgegateway.data.Severity;
import org.edgegateway.drivers.gpio.ValveOutput;
import org.tinylog.Logger;

/**
 * The only code that drives valves. Whatever the rules or commands ask, it enforces each valve's maximum open
 * time, the site's maximum of concurrently open zone valves (granted first come, first served), the minimum pause
 * between runs, and the master valve's lead and lag. Every change is an {@link Event} with its reason. A valve
 * whose driver fails is treated as closed and reported.
 */
public final class Safety {
  private final Map<String, ValveState> zoneValves = new LinkedHashMap<>();
  private final ValveState master;
  private final GatewayConfig.Safety limits;
  private final Clock clock;
  private final LongSupplier nanos;
  private final Consumer<Event> events;
  private final Set<String> waiting = new LinkedHashSet<>();
  private long lastZoneClosedNanos = Long.MIN_VALUE;
  private volatile boolean tripped;
  private boolean lockedClosed;

  /**
   * Takes ownership of the outputs (already driven closed by their drivers) and closes them once more.
   *
   * @param outputs every valve by id, including the master valve if the config names one
   */
  public Safety(Map<String, ValveOutput> outputs, GatewayConfig config, Clock clock, LongSupplier nanos,
      Consumer<Event> events) {
    this.limits = config.safety();
    this.clock = clock;
    this.nanos = nanos;
    this.events = events;
    ValveState m = null;
    for (GatewayConfig.Valve v : config.valves()) {
      ValveOutput out = outputs.get(v.id());
      if (out == null) throw new IllegalArgumentException("no output for valve " + v.id());
      ValveState s = new ValveState(v, out);
      if (v.id().equals(limits.masterValve())) {
        m = s;
      } else {
        zoneValves.put(v.id(), s);
      }
    }
    this.master = m;
    closeAll("gateway starting");
  }

  /**
   * Applies the loop's wishes for this tick: {@code wanted} maps each zone valve that should be open to the
   * reason; every other zone valve is closed with {@code closeReasons.get(id)} (or "not requested").
   */
  public synchronized void apply(Map<String, String> wanted, Map<String, String> closeReasons, long nowNanos) {
    if (lockedClosed) return;
    if (tripped) {
      resync();
      tripped = false;
    }
    for (ValveState v : zoneValves.values()) {
      if (!wanted.containsKey(v.config.id())) {
        waiting.remove(v.config.id());
        v.lockedOut = false;
        if (v.open) close(v, nowNanos, closeReasons.getOrDefault(v.config.id(), "not requested"));
      } else if (v.open && nowNanos - v.openedNanos >= v.config.maxOpen().toNanos()) {
        close(v, nowNanos, "maximum open time " + v.config.maxOpen() + " reached");
        v.lockedOut = true;
        report("valve.max-open", v.config.id(), Severity.WARNING,
            "valve " + v.config.id() + " closed by its maximum open time; it stays closed until its zone stops");
      } else if (!v.open && !v.lockedOut) {
        waiting.add(v.config.id());
      }
    }
    grant(wanted, nowNanos);
    driveMaster(nowNanos);
  }

  private void grant(Map<String, String> wanted, long nowNanos) {
    if (waiting.isEmpty()) return;
    long open = zoneValves.values().stream().filter(v -> v.open).count();
    List<String> granted = new ArrayList<>();
    for (String id : waiting) {
      ValveState v = zoneValves.get(id);
      if (open >= limits.maxConcurrent()) break;
      if (v.closedNanos != Long.MIN_VALUE && nowNanos - v.closedNanos < limits.minPause().toNanos()) continue;
      if (master != null && !masterReady(nowNanos)) {
        openMaster(nowNanos, "zone " + id + " needs water");
        break;
      }
      if (open(v, nowNanos, wanted.get(id))) {
        open++;
        granted.add(id);
      }
    }
    granted.forEach(waiting::remove);
  }

  private boolean masterReady(long nowNanos) {
    return master.open && nowNanos - master.openedNanos >= limits.masterLead().toNanos();
  }

  private void openMaster(long nowNanos, String reason) {
    if (!master.open) open(master, nowNanos, reason);
  }

  private void driveMaster(long nowNanos) {
    if (master == null || !master.open) return;
    boolean anyZone = zoneValves.values().stream().anyMatch(v -> v.open);
    if (anyZone || !waiting.isEmpty()) return;
    long since = lastZoneClosedNanos == Long.MIN_VALUE ? master.openedNanos : lastZoneClosedNanos;
    if (nowNanos - since >= limits.masterLag().toNanos()) close(master, nowNanos, "no zone valve open");
    if (nowNanos - master.openedNanos >= master.config.maxOpen().toNanos()) {
      close(master, nowNanos, "maximum open time reached");
    }
  }

  /** True if the valve is driven open now. */
  public synchronized boolean isOpen(String valveId) {
    ValveState v = zoneValves.get(valveId);
    if (v == null && master != null && master.config.id().equals(valveId)) v = master;
    return v != null && v.open;
  }

  /** How long the zone valve open longest has been open, in ns; 0 when all are closed. */
  public synchronized long longestOpenNanos(long nowNanos) {
    long longest = 0;
    for (ValveState v : zoneValves.values()) if (v.open) longest = Math.max(longest, nowNanos - v.openedNanos);
    return longest;
  }

  /** Ids of the zone valves open now, in config order. */
  public synchronized List<String> openValves() {
    return zoneValves.values().stream().filter(v -> v.open).map(v -> v.config.id()).toList();
  }

  /**
   * Closes every valve and keeps them closed for good: later {@link #apply} calls change nothing. For the stop,
   * so that a tick still running while the gateway shuts down cannot open a valve again.
   */
  public synchronized void lockClosed(String reason) {
    lockedClosed = true;
    closeAll(reason);
  }

  /** Closes every valve (zone valves first, then the master) and forgets pending requests. */
  public synchronized void closeAll(String reason) {
    long now = nanos.getAsLong();
    waiting.clear();
    for (ValveState v : zoneValves.values()) forceClose(v, now, reason);
    if (master != null) forceClose(master, now, reason);
  }

  /**
   * Closes every valve without taking the lock, for the stall supervisor and the crash path: if the loop hangs
   * inside {@link #apply}, this still reaches the outputs. The next {@link #apply} re-reads the outputs' state.
   */
  public void emergencyClose(String reason) {
    tripped = true;
    for (ValveState v : zoneValves.values()) closeOutput(v.output, reason);
    if (master != null) closeOutput(master.output, reason);
    report("valve.emergency-close", "all", Severity.CRITICAL, "all valves closed: " + reason);
  }

  private void resync() {
    long now = nanos.getAsLong();
    waiting.clear();
    for (ValveState v : zoneValves.values()) forceClose(v, now, "after emergency close");
    if (master != null) forceClose(master, now, "after emergency close");
  }

  private boolean open(ValveState v, long nowNanos, String reason) {
    try {
      v.output.setOpen(true);
    } catch (Exception | LinkageError e) {
      closeOutput(v.output, "driver failed while opening");
      report("valve.fault", v.config.id(), Severity.CRITICAL, "valve " + v.config.id() + " failed to open: " + e);
      return false;
    }
    v.open = true;
    v.openedNanos = nowNanos;
    report("valve.opened", v.config.id(), Severity.INFO, reason);
    return true;
  }

  private void close(ValveState v, long nowNanos, String reason) {
    closeOutput(v.output, reason);
    v.open = false;
    v.closedNanos = nowNanos;
    if (v != master) lastZoneClosedNanos = nowNanos;
    report("valve.closed", v.config.id(), Severity.INFO, reason);
  }

  private void forceClose(ValveState v, long nowNanos, String reason) {
    boolean wasOpen = v.open;
    closeOutput(v.output, reason);
    v.open = false;
    if (wasOpen) {
      v.closedNanos = nowNanos;
      report("valve.closed", v.config.id(), Severity.INFO, reason);
    }
  }

  private static void closeOutput(ValveOutput out, String reason) {
    try {
      out.setOpen(false);
    } catch (Exception | LinkageError e) {
      Logger.error("valve {} did not close ({}): {}", out.id(), reason, e.toString());
    }
  }

  private void report(String kind, String source, Severity severity, String message) {
    try {
      events.accept(new Event(clock.millis(), kind, source, severity, message, Double.NaN));
    } catch (RuntimeException e) {
      Logger.error(e, "could not record event {} {}", kind, source);
    }
  }

  private static final class ValveState {
    final GatewayConfig.Valve config;
    final ValveOutput output;
    boolean open;
    boolean lockedOut;
    long openedNanos;
    long closedNanos = Long.MIN_VALUE;

    ValveState(GatewayConfig.Valve config, ValveOutput output) {
      this.config = config;
      this.output = output;
    }
  }
}
