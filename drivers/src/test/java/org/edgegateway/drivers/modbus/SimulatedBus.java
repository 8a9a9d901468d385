// SPDX-License-Identifier: Apache-2.0
package org.edgegateway.drivers.modbus;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import org.edgegateway.drivers.serial.JsscSerialLink;
import org.edgegateway.drivers.serial.SerialSettings;
import org.edgegateway.drivers.serial.SocatPtyPair;

/** A master on one end of a socat pseudo-terminal pair, a {@link ModbusSlaveSimulator} (not started) on the other. */
final class SimulatedBus implements AutoCloseable {
  final SocatPtyPair pty;
  final JsscSerialLink link;
  final ModbusSlaveSimulator sim;
  final ModbusRtuMaster master;

  private SimulatedBus(SocatPtyPair pty, JsscSerialLink link, ModbusSlaveSimulator sim) {
    this.pty = pty;
    this.link = link;
    this.sim = sim;
    this.master = new ModbusRtuMaster(link, Duration.ofMillis(200), 0);
  }

  /** Both ends framed like {@code framing}, whose port is replaced by the pseudo-terminals. */
  static SimulatedBus start(Path dir, SerialSettings framing) throws IOException {
    SocatPtyPair pty = SocatPtyPair.start(dir);
    JsscSerialLink link = JsscSerialLink.open(withPort(framing, pty.a()));
    ModbusSlaveSimulator sim = new ModbusSlaveSimulator(JsscSerialLink.open(withPort(framing, pty.b())));
    return new SimulatedBus(pty, link, sim);
  }

  static SimulatedBus start(Path dir) throws IOException {
    return start(dir, SerialSettings.of8N1("pty", 9600));
  }

  private static SerialSettings withPort(SerialSettings s, String port) {
    return new SerialSettings(port, s.baud(), s.dataBits(), s.parity(), s.stopBits());
  }

  @Override
  public void close() throws IOException {
    try {
      sim.close();
    } finally {
      try {
        link.close();
      } finally {
        pty.close();
      }
    }
  }
}
