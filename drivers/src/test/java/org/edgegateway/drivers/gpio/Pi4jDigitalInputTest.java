// SPDX-License-Identifier: Apache-2.0
package org.edgegateway.drivers.gpio;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.pi4j.context.Context;
import com.pi4j.io.gpio.digital.DigitalState;
import com.pi4j.plugin.mock.provider.gpio.digital.MockDigitalInput;
import java.io.IOException;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class Pi4jDigitalInputTest {
  private final Context context = MockPi4j.newContext();
  private final FakeTicker ticker = new FakeTicker();
  private final Pi4jHardware hw = new Pi4jHardware(context, ticker);

  @AfterEach
  void closeHardware() {
    hw.close();
  }

  private DigitalSource floatSwitch(boolean activeLow, DigitalState initial) throws IOException {
    // The pin does not exist until provisioned, so the initial level is set right after, before time moves.
    DigitalSource input = hw.digitalInput("float", 22, activeLow, Pi4jHardware.Pull.UP, Duration.ofMillis(20));
    MockPi4j.input(context, 22).mockState(initial);
    ticker.advance(Duration.ofMillis(20));
    return input;
  }

  @Test
  void activeLowContactReadsActiveWhenLineIsLow() throws Exception {
    DigitalSource input = floatSwitch(true, DigitalState.HIGH);
    assertFalse(input.isActive());
    MockPi4j.input(context, 22).mockState(DigitalState.LOW);
    ticker.advance(Duration.ofMillis(20));
    assertTrue(input.isActive());
  }

  @Test
  void activeHighContactReadsActiveWhenLineIsHigh() throws Exception {
    DigitalSource input = floatSwitch(false, DigitalState.LOW);
    assertFalse(input.isActive());
    MockPi4j.input(context, 22).mockState(DigitalState.HIGH);
    ticker.advance(Duration.ofMillis(20));
    assertTrue(input.isActive());
  }

  @Test
  void newLevelIsReportedOnlyAfterItHeldForTheDebounceTime() throws Exception {
    DigitalSource input = floatSwitch(false, DigitalState.LOW);
    MockPi4j.input(context, 22).mockState(DigitalState.HIGH);
    ticker.advance(Duration.ofMillis(19));
    assertFalse(input.isActive());
    ticker.advance(Duration.ofMillis(1));
    assertTrue(input.isActive());
  }

  @Test
  void bouncingContactKeepsItsLastStableLevel() throws Exception {
    DigitalSource input = floatSwitch(false, DigitalState.HIGH);
    MockDigitalInput line = MockPi4j.input(context, 22);
    for (int i = 0; i < 20; i++) {
      line.mockState(DigitalState.LOW);
      ticker.advance(Duration.ofMillis(2));
      line.mockState(DigitalState.HIGH);
      ticker.advance(Duration.ofMillis(3));
      assertTrue(input.isActive());
    }
  }

  @Test
  void closedInputRefusesToReadAndReleasesItsPin() throws Exception {
    DigitalSource input = floatSwitch(false, DigitalState.LOW);
    input.close();
    input.close();
    assertThrows(IOException.class, input::isActive);
    assertFalse(context.registry().exists("bcm22"));
  }
}
