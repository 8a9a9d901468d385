// SPDX-License-Identifier: Apache-2.0
package org.edgegateway.testing;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import org.edgegateway.drivers.serial.JsscSerialLink;
import org.edgegateway.drivers.serial.SerialSettings;

/**
 * Serves one {@link ModbusSlave} on a serial port (8N1) until the process is stopped, for scripts that need a
 * probe on the far end of a socat pseudo-terminal ({@code .ci/arm-check}). Prints {@code serving} once the port is
 * open and, on SIGTERM, how many requests it answered.
 *
 * <p>Usage: {@code ModbusSlaveMain PORT BAUD SLAVE REGISTER...} (holding/input registers from address 0).
 */
public final class ModbusSlaveMain {
  private ModbusSlaveMain() {
  }

  public static void main(String[] args) throws Exception {
    if (args.length < 4) throw new IllegalArgumentException("usage: ModbusSlaveMain PORT BAUD SLAVE REGISTER...");
    int slave = Integer.parseInt(args[2]);
    int[] registers = new int[args.length - 3];
    for (int i = 0; i < registers.length; i++) {
      registers[i] = Integer.parseInt(args[3 + i]);
      if (registers[i] < 0 || registers[i] > 0xFFFF) throw new IllegalArgumentException("register out of range: "
          + registers[i]);
    }
    SerialSettings settings = new SerialSettings(args[0], Integer.parseInt(args[1]), 8, SerialSettings.Parity.NONE, 1);
    ModbusSlave server = new ModbusSlave(JsscSerialLink.open(settings, Duration.ofMillis(50), Duration.ofMillis(200)));
    server.slave(slave, registers);
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      System.out.println("answered " + server.requests() + " requests");
      System.out.flush();
      stopped.countDown();
    }));
    System.out.println("serving slave " + slave + " on " + args[0]);
    System.out.flush();
    stopped.await();
  }
}
