// SPDX-License-Identifier: Apache-2.0
package org.edgegateway.drivers.gpio;

import com.pi4j.Pi4J;
import com.pi4j.context.Context;
import com.pi4j.plugin.mock.provider.gpio.digital.MockDigitalInput;
import com.pi4j.plugin.mock.provider.gpio.digital.MockDigitalInputProvider;
import com.pi4j.plugin.mock.provider.gpio.digital.MockDigitalOutputProvider;
import com.pi4j.plugin.mock.provider.i2c.MockI2CProvider;
import com.pi4j.io.gpio.digital.DigitalOutput;
import com.pi4j.io.gpio.digital.DigitalState;

/** A pi4j context with only the mock providers, added explicitly like production adds gpiod and linuxfs. */
public final class MockPi4j {
  private MockPi4j() {}

  public static Context newContext() {
    return Pi4J.newContextBuilder()
        .noAutoDetect()
        .add(MockDigitalInputProvider.newInstance(), MockDigitalOutputProvider.newInstance(),
            MockI2CProvider.newInstance())
        .build();
  }

  /** The mock input our drivers provisioned at BCM {@code bcm}. */
  static MockDigitalInput input(Context context, int bcm) {
    return context.io("bcm" + bcm, MockDigitalInput.class);
  }

  /** The level the output at BCM {@code bcm} is driven to. */
  static DigitalState output(Context context, int bcm) {
    return context.io("bcm" + bcm, DigitalOutput.class).state();
  }
}
