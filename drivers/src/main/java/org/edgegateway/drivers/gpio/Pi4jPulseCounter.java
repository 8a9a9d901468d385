// SPDX-License-Identifier: Apache-2.0
package org.edgegateway.drivers.gpio;

import com.pi4j.context.Context;
import java.time.Duration;
import java.util.function.LongSupplier;
import org.edgegateway.drivers.DeviceException;
import org.tinylog.Logger;

/**
 * Counts debounced activations of one GPIO line (flow meter, tipping-bucket rain gauge). The pi4j listener only
 * timestamps edges; a pulse counts once when its active and inactive phases each last the debounce time, so the
 * highest countable rate is {@code 1 / (2 * debounce)}. The kernel queues at most 16 events per line and drops the
 * rest, so keep real rates well below that bound (see docs/HARDWARE.md). Each {@link #count()} also reads the line
 * directly, so a level the listener never reported (lost events, pi4j #455) still counts once.
 */
public final class Pi4jPulseCounter implements PulseSource {
  private final DebouncedLine line;

  Pi4jPulseCounter(DebouncedLine line) {
    this.line = line;
  }

  static Pi4jPulseCounter provision(Context context, String id, int bcm, boolean activeLow, Pi4jHardware.Pull pull,
      Duration debounce, LongSupplier ticker) throws DeviceException {
    return new Pi4jPulseCounter(DebouncedLine.open(context, id, bcm, activeLow, pull, debounce, ticker));
  }

  /** Debounced pulses since provisioning; never throws, a failed cross-check read is logged and skipped. */
  @Override
  public long count() {
    try {
      line.crossCheck();
    } catch (DeviceException e) {
      Logger.debug(e, "{}: cross-check skipped", line.id());
    }
    return line.debouncer().activations(line.now());
  }

  /** How often a direct read found a level that no event had reported; non-zero means events were lost. */
  public long missedEdges() {
    return line.missedEdges();
  }

  @Override
  public void close() {
    line.close();
  }
}
