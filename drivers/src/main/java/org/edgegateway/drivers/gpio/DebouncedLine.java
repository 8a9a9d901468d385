// SPDX-License-Identifier: Apache-2.0
package org.edgegateway.drivers.gpio;

import com.pi4j.context.Context;
import com.pi4j.io.gpio.digital.DigitalInput;
import com.pi4j.io.gpio.digital.DigitalState;
import com.pi4j.io.gpio.digital.DigitalStateChangeEvent;
import com.pi4j.io.gpio.digital.DigitalStateChangeListener;
import com.pi4j.io.gpio.digital.PullResistance;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.edgegateway.drivers.DeviceException;
import org.tinylog.Logger;

/**
 * One pi4j input line feeding a {@link ContactDebouncer}. pi4j's own debounce is off (it delays events and the mock
 * ignores it); the listener only timestamps the edge. {@link #crossCheck()} reads the line directly and feeds a level
 * the listener never reported, which covers lost kernel events; when such levels turn up and the listener has never
 * fired, the input is recreated, the workaround for pi4j 2.8's dead-listener start-up race (#455).
 */
final class DebouncedLine {
  /** Levels no event reported, with a silent listener, before the input is recreated. */
  static final int SILENT_MISSES_BEFORE_REOPEN = 2;
  private static final int MAX_REOPENS = 3;

  private final String id;
  private final Context context;
  private final int bcm;
  private final Pi4jHardware.Pull pull;
  private final boolean activeLow;
  private final LongSupplier ticker;
  private final ContactDebouncer debouncer;
  private final DigitalStateChangeListener listener = this::onChange;
  private final AtomicLong events = new AtomicLong();
  private final AtomicLong missedEdges = new AtomicLong();
  private final AtomicBoolean closed = new AtomicBoolean();
  private volatile DigitalInput line;
  private long silentMisses;
  private int reopens;

  /** Provisions BCM {@code bcm} as an input; events flow only after {@link #listen()}. */
  DebouncedLine(String id, Context context, int bcm, Pi4jHardware.Pull pull, boolean activeLow, Duration debounce,
      LongSupplier ticker) throws DeviceException {
    if (id == null || id.isEmpty()) throw new IllegalArgumentException("input id empty");
    if (debounce == null || debounce.isNegative() || debounce.compareTo(Duration.ofSeconds(10)) > 0) {
      throw new IllegalArgumentException(id + ": debounce out of range 0..10s: " + debounce);
    }
    if (pull == null || ticker == null) throw new IllegalArgumentException(id + ": null argument");
    this.id = id;
    this.context = context;
    this.bcm = bcm;
    this.pull = pull;
    this.activeLow = activeLow;
    this.ticker = ticker;
    this.line = createInput();
    boolean initial;
    try {
      initial = readLine();
    } catch (DeviceException e) {
      release(line);
      throw e;
    }
    this.debouncer = new ContactDebouncer(debounce.toNanos(), initial, ticker.getAsLong());
  }

  /** Provisions BCM {@code bcm} as an input and starts listening. */
  static DebouncedLine open(Context context, String id, int bcm, boolean activeLow, Pi4jHardware.Pull pull,
      Duration debounce, LongSupplier ticker) throws DeviceException {
    DebouncedLine line = new DebouncedLine(id, context, bcm, pull, activeLow, debounce, ticker);
    line.listen();
    return line;
  }

  /** Starts delivering edges to the debouncer. */
  void listen() {
    line.addListener(listener);
  }

  ContactDebouncer debouncer() {
    return debouncer;
  }

  long now() {
    return ticker.getAsLong();
  }

  String id() {
    return id;
  }

  /** How often {@link #crossCheck()} found a level the listener had not reported. */
  long missedEdges() {
    return missedEdges.get();
  }

  /**
   * Reads the line and records its level if the listener missed it. The read happens under the debouncer's lock,
   * so a listener event cannot slip in between and a stale level is never recorded after a newer edge.
   */
  synchronized void crossCheck() throws DeviceException {
    if (closed.get()) throw new DeviceException(id, "input closed");
    boolean active;
    synchronized (debouncer) {
      active = readLine();
      if (active == debouncer.raw()) return;
      debouncer.edge(active, ticker.getAsLong());
    }
    if (missedEdges.getAndIncrement() == 0) {
      Logger.warn("{}: line is {} but no event reported it; events were lost (kernel queue overflow or pi4j #455)",
          id, active ? "active" : "inactive");
    }
    if (events.get() == 0 && ++silentMisses >= SILENT_MISSES_BEFORE_REOPEN && reopens < MAX_REOPENS) reopen();
  }

  /** Stops listening and releases the line; idempotent, never throws. */
  synchronized void close() {
    if (closed.compareAndSet(false, true)) release(line);
  }

  private void reopen() {
    reopens++;
    silentMisses = 0;
    Logger.warn("{}: listener never fired although the line changed; recreating the input (pi4j #455)", id);
    release(line);
    try {
      DigitalInput fresh = createInput();
      fresh.addListener(listener);
      line = fresh;
    } catch (DeviceException e) {
      Logger.error(e, "{}: could not recreate the input", id);
    }
  }

  private DigitalInput createInput() throws DeviceException {
    try {
      return context.create(DigitalInput.newConfigBuilder(context)
          .id(Pi4jHardware.lineId(bcm))
          .name(id)
          .address(bcm)
          .pull(toPi4j(pull))
          .debounce(0L));
    } catch (RuntimeException e) {
      throw new DeviceException(id, "cannot provision BCM " + bcm + ": " + e.getMessage(), e);
    }
  }

  private void release(DigitalInput input) {
    try {
      input.removeListener(listener);
      if (!context.isShutdown()) context.shutdown(input.id());
    } catch (RuntimeException e) {
      Logger.error(e, "{}: could not release line", id);
    }
  }

  private void onChange(DigitalStateChangeEvent<?> event) {
    DigitalState state = event.state();
    if (state == DigitalState.UNKNOWN) return;
    events.incrementAndGet();
    debouncer.edge(state.isLow() == activeLow, ticker.getAsLong());
  }

  private boolean readLine() throws DeviceException {
    DigitalState state;
    try {
      state = line.state();
    } catch (RuntimeException e) {
      throw new DeviceException(id, "cannot read line: " + e.getMessage(), e);
    }
    if (state == null || state == DigitalState.UNKNOWN) throw new DeviceException(id, "line state unknown");
    return state.isLow() == activeLow;
  }

  private static PullResistance toPi4j(Pi4jHardware.Pull pull) {
    switch (pull) {
      case UP: return PullResistance.PULL_UP;
      case DOWN: return PullResistance.PULL_DOWN;
      default: return PullResistance.OFF;
    }
  }
}
