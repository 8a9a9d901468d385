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
import org.edgegateway.config.Units;
import org.edgegateway.data.Event;
import org.edgegateway.data.Severity;
import org.edgegateway.drivers.gpio.ValveOutput;
import org.tinylog.Logger;

/**
 * The only code that drives valves. Whatever the rules or commands ask, it enforces each valve's maximum open
 * time, the site's maximum of concurrently open zone valves (granted first come, first served, except that a valve
 * reserved for an acknowledged command keeps its slot while it waits for its pause), the minimum pause between
 * runs, and the master valve's lead and lag. {@link #admission} tells the control loop beforehand what these limits
 * will do to a command, so that its ack never promises what this class then refuses. Every change is an
 * {@link Event} with its reason. A valve whose driver fails is treated as closed and reported.
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
    apply(wanted, closeReasons, Set.of(), nowNanos);
  }

  /**
   * As {@link #apply(Map, Map, long)}; {@code reserved} names the zone valves whose zone has a granted command
   * waiting (for its pause or soak, or just granted): each holds a slot of max-concurrent until it opens, so that
   * no later request takes the slot the command's ack promised.
   */
  public synchronized void apply(Map<String, String> wanted, Map<String, String> closeReasons, Set<String> reserved,
      long nowNanos) {
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
        close(v, nowNanos, "maximum open time " + Units.format(v.config.maxOpen()) + " reached");
        v.lockedOut = true;
        report("valve.max-open", v.config.id(), Severity.WARNING,
            "valve " + v.config.id() + " closed by its maximum open time; it stays closed until its zone stops");
      } else if (!v.open && !v.lockedOut) {
        waiting.add(v.config.id());
      }
    }
    grant(wanted, reserved, nowNanos);
    driveMaster(nowNanos);
  }

  private void grant(Map<String, String> wanted, Set<String> reserved, long nowNanos) {
    if (waiting.isEmpty()) return;
    int open = 0;
    int held = 0;
    for (ValveState v : zoneValves.values()) {
      if (v.open) open++;
      else if (reserved.contains(v.config.id())) held++;
    }
    List<String> granted = new ArrayList<>();
    for (String id : waiting) {
      ValveState v = zoneValves.get(id);
      boolean own = reserved.contains(id);
      // A reserved valve uses its own slot; any other may only take a slot nobody holds.
      if ((own ? open : open + held) >= limits.maxConcurrent()) continue;
      if (pausing(v, nowNanos)) continue;
      if (master != null && !masterReady(nowNanos)) {
        openMaster(nowNanos, "zone " + id + " needs water");
        break;
      }
      if (open(v, nowNanos, wanted.get(id))) {
        open++;
        if (own) held--;
        granted.add(id);
      }
    }
    granted.forEach(waiting::remove);
  }

  private boolean pausing(ValveState v, long nowNanos) {
    return v.closedNanos != Long.MIN_VALUE && nowNanos - v.closedNanos < limits.minPause().toNanos();
  }

  /**
   * What this class will do if zone valve {@code valveId} is asked open from now on for a command: refuse it (and
   * why), or open it at {@code startNanos} (now, or when its min-pause is over; with a master valve, up to its lead
   * later, see {@link #masterLead}), for at most {@code openLeftNanos} before max-open closes it. {@code reserved}
   * are the valves already holding a slot.
   */
  public synchronized Admission admission(String valveId, Set<String> reserved, long nowNanos) {
    ValveState v = zoneValves.get(valveId);
    if (v == null) return Admission.refused("no zone valve '" + valveId + "'");
    if (lockedClosed) return Admission.refused("the gateway is stopping; every valve stays closed");
    long maxOpen = v.config.maxOpen().toNanos();
    if (v.open) return new Admission(null, nowNanos, maxOpen - (nowNanos - v.openedNanos), null);
    if (v.lockedOut) {
      return Admission.refused("valve " + valveId + " was closed by its max-open " + Units.format(v.config.maxOpen())
          + " and stays closed until its zone has stopped asking for water");
    }
    List<String> busy = new ArrayList<>();
    for (ValveState o : zoneValves.values()) {
      if (o != v && (o.open || reserved.contains(o.config.id()))) busy.add(o.config.id());
    }
    if (busy.size() >= limits.maxConcurrent()) {
      return Admission.refused("max-concurrent " + limits.maxConcurrent() + " reached (open or promised: "
          + String.join(", ", busy) + ")");
    }
    long start = nowNanos;
    String delay = null;
    if (pausing(v, nowNanos)) {
      start = v.closedNanos + limits.minPause().toNanos();
      delay = "min-pause " + Units.format(limits.minPause()) + " after valve " + valveId + " closed";
    }
    return new Admission(null, start, maxOpen, delay);
  }

  /**
   * What {@link #admission} found: a {@code refusal}, or the valve opens at {@code startNanos} for at most
   * {@code openLeftNanos}; {@code pause} names the pause that delays it (null when it opens now or after the
   * master valve's lead only).
   */
  public record Admission(String refusal, long startNanos, long openLeftNanos, String pause) {
    static Admission refused(String why) {
      return new Admission(why, 0, 0, null);
    }
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

  /** The master valve's lead (a zone valve opens that long after it), or null without a master valve. */
  public java.time.Duration masterLead() {
    return master == null ? null : limits.masterLead();
  }

  /** The valve's configured max-open, or null for an unknown valve. */
  public java.time.Duration maxOpen(String valveId) {
    ValveState v = zoneValves.get(valveId);
    return v == null ? null : v.config.maxOpen();
  }

  /** How long the zone valve has been open without a break, in ns; 0 while it is closed. */
  public synchronized long openForNanos(String valveId, long nowNanos) {
    ValveState v = zoneValves.get(valveId);
    return v == null || !v.open ? 0 : Math.max(1, nowNanos - v.openedNanos);
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
