// SPDX-License-Identifier: Apache-2.0
package org.edgegateway.config;

import java.util.List;

/** How a sensor is read: one record per kind of device, with only the settings that kind takes. */
public sealed interface Driver {

  /** The word used for it in the config's {@code type:} key. */
  String type();

  /** An RS-485 Modbus RTU device described by a register-map profile. */
  record Modbus(int slave, ModbusProfile profile) implements Driver {
    public String type() {
      return "modbus";
    }
  }

  /** A Bosch BME280 on I2C: temperature, humidity, pressure. */
  record Bme280(int address) implements Driver {
    public String type() {
      return "bme280";
    }
  }

  /** A TI ADS1115 ADC channel with an optional two-point calibration from volts to a quantity. */
  record Ads1115(int address, int channel, double gainVolts, String quantity, String unit, double[][] points)
      implements Driver {
    public String type() {
      return "ads1115";
    }
  }

  /** A DS18B20 through the kernel's w1 sysfs files. */
  record Ds18b20(String device) implements Driver {
    public String type() {
      return "ds18b20";
    }
  }

  /** A GPIO pulse counter (flow meter, tipping-bucket rain gauge). */
  record Pulse(int pin, double perPulse, String unit, java.time.Duration debounce, java.time.Duration rateWindow)
      implements Driver {
    public String type() {
      return "pulse";
    }
  }

  /** A debounced GPIO contact (rain contact, float switch). */
  record DigitalIn(int pin, boolean activeLow, java.time.Duration debounce) implements Driver {
    public String type() {
      return "digital-in";
    }
  }

  /** Simulated soil under a zone's valve: dries with heat, wets while {@code valve} runs and with rain. */
  record SimSoil(String valve, double initial, double dryPerHour, double wetPerHour) implements Driver {
    public String type() {
      return "sim-soil";
    }
  }

  /** Simulated air temperature following a daily curve. */
  record SimAir() implements Driver {
    public String type() {
      return "sim-air";
    }
  }

  /** Simulated tipping-bucket rain gauge following a rain trace (showers with a daily probability). */
  record SimRain(double showersPerDay, double mmPerPulse) implements Driver {
    public String type() {
      return "sim-rain";
    }
  }

  /** Simulated flow meter: flow only while some valve is open, plus an injectable leak. */
  record SimFlow(double litresPerMinutePerValve, double mmPerPulse) implements Driver {
    public String type() {
      return "sim-flow";
    }
  }

  List<String> TYPES = List.of("modbus", "bme280", "ads1115", "ds18b20", "pulse", "digital-in", "sim-soil",
      "sim-air", "sim-rain", "sim-flow");
}
