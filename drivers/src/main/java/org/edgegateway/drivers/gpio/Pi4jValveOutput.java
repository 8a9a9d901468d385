// SPDX-License-Identifier: Apache-2.0
package org.edgegateway.drivers.gpio;

import com.pi4j.context.Context;
import com.pi4j.io.gpio.digital.DigitalOutput;
import com.pi4j.io.gpio.digital.DigitalState;
import java.io.IOException;
import org.edgegateway.drivers.DeviceException;
import org.tinylog.Logger;

/**
 * A relay on one GPIO line. The line is requested with the closed level as its initial value (gpiod sets it in
 * the same request, so the relay never glitches open) and with the closed level as pi4j's shutdown state.
 */
public final class Pi4jValveOutput implements ValveOutput {
  private final String id;
  private final Context context;
  private final DigitalOutput line;
  private final DigitalState openLevel;
  private final DigitalState closedLevel;
  private boolean closed;

  private Pi4jValveOutput(String id, Context context, DigitalOutput line, boolean activeLow) {
    this.id = id;
    this.context = context;
    this.line = line;
    this.openLevel = activeLow ? DigitalState.LOW : DigitalState.HIGH;
    this.closedLevel = activeLow ? DigitalState.HIGH : DigitalState.LOW;
  }

  static Pi4jValveOutput provision(Context context, String id, int bcm, boolean activeLow) throws DeviceException {
    if (id == null || id.isEmpty()) throw new IllegalArgumentException("valve id empty");
    DigitalState closedLevel = activeLow ? DigitalState.HIGH : DigitalState.LOW;
    try {
      DigitalOutput line = context.create(DigitalOutput.newConfigBuilder(context)
          .id(Pi4jHardware.lineId(bcm))
          .name(id)
          .address(bcm)
          .initial(closedLevel)
          .shutdown(closedLevel));
      Logger.info("valve {}: BCM {} {} provisioned closed", id, bcm, activeLow ? "active-low" : "active-high");
      return new Pi4jValveOutput(id, context, line, activeLow);
    } catch (RuntimeException e) {
      throw new DeviceException(id, "cannot provision BCM " + bcm + ": " + e.getMessage(), e);
    }
  }

  @Override
  public String id() {
    return id;
  }

  @Override
  public synchronized void setOpen(boolean open) throws IOException {
    if (closed) throw new DeviceException(id, "valve output closed");
    try {
      line.state(open ? openLevel : closedLevel);
    } catch (RuntimeException e) {
      throw new DeviceException(id, "cannot drive " + (open ? "open" : "closed") + ": " + e.getMessage(), e);
    }
  }

  @Override
  public synchronized boolean isOpen() throws IOException {
    if (closed) return false;
    try {
      return line.state() == openLevel;
    } catch (RuntimeException e) {
      throw new DeviceException(id, "cannot read state: " + e.getMessage(), e);
    }
  }

  @Override
  public synchronized void close() {
    if (closed) return;
    closed = true;
    try {
      line.state(closedLevel);
    } catch (RuntimeException e) {
      Logger.error(e, "valve {}: could not drive closed before release", id);
    }
    try {
      if (!context.isShutdown()) context.shutdown(line.id());
    } catch (RuntimeException e) {
      Logger.error(e, "valve {}: could not release line", id);
    }
  }
}
