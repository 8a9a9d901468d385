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
 * the listener never reported, which covers lost kernel events and pi4j 2.8's dead-listener race (#455).
 */
final class DebouncedLine {
  private final String id;
  private final Context context;
  private final DigitalInput line;
  private final boolean activeLow;
  private final LongSupplier ticker;
  private final ContactDebouncer debouncer;
  private final DigitalStateChangeListener listener = this::onChange;
  private final AtomicLong missedEdges = new AtomicLong();
  private final AtomicBoolean closed = new AtomicBoolean();

  DebouncedLine(String id, Context context, DigitalInput line, boolean activeLow, Duration debounce,
      LongSupplier ticker) throws DeviceException {
    this.id = id;
    this.context = context;
    this.line = line;
    this.activeLow = activeLow;
    this.ticker = ticker;
    this.debouncer = new ContactDebouncer(debounce.toNanos(), readLine(), ticker.getAsLong());
  }

  /** Provisions BCM {@code bcm} as an input and starts listening. */
  static DebouncedLine open(Context context, String id, int bcm, boolean activeLow, Pi4jHardware.Pull pull,
      Duration debounce, LongSupplier ticker) throws DeviceException {
    if (debounce == null || debounce.isNegative() || debounce.compareTo(Duration.ofSeconds(10)) > 0) {
      throw new IllegalArgumentException(id + ": debounce out of range 0..10s: " + debounce);
    }
    DigitalInput input = createInput(context, id, bcm, pull);
    DebouncedLine line;
    try {
      line = new DebouncedLine(id, context, input, activeLow, debounce, ticker);
    } catch (DeviceException e) {
      context.shutdown(input.id());
      throw e;
    }
    line.listen();
    return line;
  }

  /** Creates the pi4j input for BCM {@code bcm}; pi4j's debounce is set to zero. */
  static DigitalInput createInput(Context context, String id, int bcm, Pi4jHardware.Pull pull) throws DeviceException {
    if (id == null || id.isEmpty()) throw new IllegalArgumentException("input id empty");
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
  void crossCheck() throws DeviceException {
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
  }

  /** Stops listening and releases the line; idempotent, never throws. */
  void close() {
    if (!closed.compareAndSet(false, true)) return;
    try {
      line.removeListener(listener);
      if (!context.isShutdown()) context.shutdown(line.id());
    } catch (RuntimeException e) {
      Logger.error(e, "{}: could not release line", id);
    }
  }

  private void onChange(DigitalStateChangeEvent<?> event) {
    DigitalState state = event.state();
    if (state == DigitalState.UNKNOWN) return;
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
