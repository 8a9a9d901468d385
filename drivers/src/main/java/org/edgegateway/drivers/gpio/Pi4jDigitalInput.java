// SPDX-License-Identifier: Apache-2.0
package org.edgegateway.drivers.gpio;

import com.pi4j.context.Context;
import java.io.IOException;
import java.time.Duration;
import java.util.function.LongSupplier;
import org.edgegateway.drivers.DeviceException;

/**
 * A contact (rain sensor, door, float switch) on one GPIO line: {@link #isActive()} reports the level once it has
 * held for the debounce time, so a bouncing or glitching contact reads as its last stable level. Active-low wiring
 * (contact to ground, pull-up) is applied here.
 */
public final class Pi4jDigitalInput implements DigitalSource {
  private final DebouncedLine line;

  private Pi4jDigitalInput(DebouncedLine line) {
    this.line = line;
  }

  static Pi4jDigitalInput provision(Context context, String id, int bcm, boolean activeLow, Pi4jHardware.Pull pull,
      Duration debounce, LongSupplier ticker) throws DeviceException {
    return new Pi4jDigitalInput(DebouncedLine.open(context, id, bcm, activeLow, pull, debounce, ticker));
  }

  @Override
  public boolean isActive() throws IOException {
    line.crossCheck();
    return line.debouncer().level(line.now());
  }

  @Override
  public void close() {
    line.close();
  }
}
