// SPDX-License-Identifier: Apache-2.0
package org.edgegateway.cli;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.function.LongSupplier;
import org.edgegateway.config.GatewayConfig;
import org.edgegateway.config.ModbusProfile;
import org.edgegateway.drivers.DeviceException;
import org.edgegateway.drivers.Sample;
import org.edgegateway.drivers.Sensor;
import org.edgegateway.drivers.modbus.ModbusRtuMaster;
import org.edgegateway.drivers.modbus.ModbusSensor;
import org.edgegateway.drivers.modbus.RegisterSpec;
import org.edgegateway.drivers.serial.JsscSerialLink;
import org.edgegateway.drivers.serial.SerialSettings;

/**
 * One RS-485 bus: its serial link and Modbus master, opened on first use and, while the adapter is missing (not
 * plugged in at boot), tried again at most every {@code RETRY}, so the gateway starts and waters without it. Its
 * sensors are read on the bus's sampler thread only.
 */
final class ModbusBus implements AutoCloseable {
  private static final long RETRY_NANOS = Duration.ofSeconds(10).toNanos();

  private final GatewayConfig.Bus config;
  private final LongSupplier nanos;
  private JsscSerialLink link;
  private ModbusRtuMaster master;
  private long nextTryNanos = Long.MIN_VALUE;
  private String lastError = "not opened yet";

  ModbusBus(GatewayConfig.Bus config, LongSupplier nanos) {
    this.config = config;
    this.nanos = nanos;
  }

  synchronized ModbusRtuMaster master() throws IOException {
    if (master != null) return master;
    long now = nanos.getAsLong();
    if (now < nextTryNanos) throw new DeviceException(config.port(), "serial port unavailable: " + lastError);
    try {
      SerialSettings s = new SerialSettings(config.port(), config.baud(), config.dataBits(),
          SerialSettings.Parity.valueOf(config.parity().toUpperCase(Locale.ROOT)), config.stopBits());
      link = JsscSerialLink.open(s);
      master = new ModbusRtuMaster(link, config.timeout(), config.retries());
      return master;
    } catch (IOException e) {
      lastError = e.getMessage();
      nextTryNanos = now + RETRY_NANOS;
      throw e;
    }
  }

  /** Line noise seen by this bus's master since it opened (none before). */
  synchronized ModbusRtuMaster.LineNoise lineNoise() {
    return master == null ? ModbusRtuMaster.LineNoise.NONE : master.lineNoise();
  }

  /** A sensor on this bus reading a profile's registers from {@code slave}. */
  Sensor sensor(String name, int slave, ModbusProfile profile) {
    List<RegisterSpec> specs = profile.registers().stream().map(r -> new RegisterSpec(r.quantity(), r.function(),
        r.address(), RegisterSpec.Type.of(r.type()), RegisterSpec.WordOrder.of(r.wordOrder()), r.scale(), r.offset(),
        r.unit(), r.validMin(), r.validMax())).toList();
    return new Sensor() {
      private ModbusSensor sensor;
      private ModbusRtuMaster of;

      @Override
      public List<Sample> read() throws IOException {
        ModbusRtuMaster m = master();
        if (sensor == null || of != m) {
          sensor = new ModbusSensor(name, m, slave, specs);
          of = m;
        }
        return sensor.read();
      }
    };
  }

  @Override
  public synchronized void close() throws IOException {
    master = null;
    if (link != null) link.close();
    link = null;
  }
}
