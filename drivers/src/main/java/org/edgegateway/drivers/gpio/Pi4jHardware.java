// SPDX-License-Identifier: Apache-2.0
package org.edgegateway.drivers.gpio;

import com.pi4j.Pi4J;
import com.pi4j.context.Context;
import com.pi4j.plugin.gpiod.provider.gpio.digital.GpioDDigitalInputProvider;
import com.pi4j.plugin.gpiod.provider.gpio.digital.GpioDDigitalOutputProvider;
import com.pi4j.plugin.linuxfs.provider.i2c.LinuxFsI2CProvider;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongSupplier;
import org.edgegateway.drivers.DeviceException;
import org.edgegateway.drivers.i2c.I2cRegisters;
import org.edgegateway.drivers.i2c.Pi4jI2cRegisters;
import org.tinylog.Logger;

/**
 * Owns the one pi4j {@link Context} of the process and creates our drivers on it by BCM pin or I2C bus and
 * address. Only this package and {@code i2c}'s adapter see pi4j types; callers get our interfaces.
 * {@link #close()} shuts the context down, which drives every output to its shutdown (closed) level.
 */
public final class Pi4jHardware implements AutoCloseable {

  /** The pull resistor to enable on an input line. */
  public enum Pull { UP, DOWN, OFF }

  private final Context context;
  private final LongSupplier ticker;
  private final AtomicBoolean closed = new AtomicBoolean();

  /**
   * Wraps a context built by the caller (tests build one from pi4j's mock providers) and takes ownership of it.
   *
   * @param ticker monotonic nanoseconds, used for debouncing
   */
  public Pi4jHardware(Context context, LongSupplier ticker) {
    if (context == null) throw new IllegalArgumentException("context null");
    if (ticker == null) throw new IllegalArgumentException("ticker null");
    this.context = context;
    this.ticker = ticker;
  }

  /**
   * Builds the production context: gpiod digital input and output, linuxfs I2C, nothing auto-detected, so a board
   * without a GPIO chip fails with a {@link DeviceException} (here when no {@code /dev/gpiochip*} exists, else at
   * the first line provisioned) instead of silently falling back to mock providers.
   */
  public static Pi4jHardware openRaspberryPi() throws DeviceException {
    if (!hasGpioChip(Path.of("/dev"))) throw new DeviceException("pi4j", "no /dev/gpiochip*: not a Raspberry Pi?");
    try {
      Context context = Pi4J.newContextBuilder()
          .noAutoDetect()
          .add(GpioDDigitalInputProvider.newInstance(), GpioDDigitalOutputProvider.newInstance(),
              LinuxFsI2CProvider.newInstance())
          .build();
      return new Pi4jHardware(context, System::nanoTime);
    } catch (RuntimeException | LinkageError e) {
      throw new DeviceException("pi4j", "cannot open gpiod/linuxfs providers: " + e, e);
    }
  }

  /** Provisions a relay output at BCM {@code bcm}, driven closed at once; see {@link Pi4jValveOutput}. */
  public ValveOutput valve(String id, int bcm, boolean activeLow) throws DeviceException {
    checkOpen(id);
    return Pi4jValveOutput.provision(context, id, bcm, activeLow);
  }

  /** Provisions a debounced contact input at BCM {@code bcm}; see {@link Pi4jDigitalInput}. */
  public DigitalSource digitalInput(String id, int bcm, boolean activeLow, Pull pull, Duration debounce)
      throws DeviceException {
    checkOpen(id);
    return Pi4jDigitalInput.provision(context, id, bcm, activeLow, pull, debounce, ticker);
  }

  /** Provisions a pulse counter at BCM {@code bcm}; see {@link Pi4jPulseCounter}. */
  public PulseSource pulseCounter(String id, int bcm, boolean activeLow, Pull pull, Duration debounce)
      throws DeviceException {
    checkOpen(id);
    return Pi4jPulseCounter.provision(context, id, bcm, activeLow, pull, debounce, ticker);
  }

  /** Opens register access to the device at 7-bit {@code address} on {@code /dev/i2c-<bus>}. */
  public I2cRegisters i2c(int bus, int address) throws DeviceException {
    checkOpen("i2c-" + bus);
    return Pi4jI2cRegisters.open(context, bus, address);
  }

  /** Shuts the context down (outputs go to their shutdown level); idempotent, never throws. */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) return;
    try {
      context.shutdown();
    } catch (RuntimeException e) {
      Logger.error(e, "pi4j: shutdown failed");
    }
  }

  private void checkOpen(String id) throws DeviceException {
    if (closed.get()) throw new DeviceException(id, "hardware already closed");
  }

  static boolean hasGpioChip(Path dev) {
    try (DirectoryStream<Path> chips = Files.newDirectoryStream(dev, "gpiochip*")) {
      return chips.iterator().hasNext();
    } catch (IOException e) {
      return false;
    }
  }

  static String lineId(int bcm) {
    if (bcm < 0 || bcm > 53) throw new IllegalArgumentException("bcm pin out of range: " + bcm);
    return "bcm" + bcm;
  }
}
