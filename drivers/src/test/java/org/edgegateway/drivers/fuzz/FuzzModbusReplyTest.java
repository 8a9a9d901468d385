// SPDX-License-Identifier: Apache-2.0
package org.edgegateway.drivers.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import org.edgegateway.drivers.modbus.ModbusRtuMaster;
import org.edgegateway.drivers.serial.SerialLink;
import org.edgegateway.drivers.serial.SerialSettings;

/**
 * Whatever bytes a bus answers with, in whatever chunks, the master returns the registers asked for or throws an
 * {@link IOException} (timeout, CRC, frame, wrong slave, exception reply): never another exception, never a
 * wrong-sized result. The first bytes pick the request; the rest is the reply. Seeds:
 * {@code FuzzModbusReplyTestInputs/}.
 */
class FuzzModbusReplyTest {

  @FuzzTest
  void anyReplyGivesTheRegistersOrAnIoException(FuzzedDataProvider data) {
    int function = data.pickValue(new int[] {3, 4, 6, 16});
    int slave = data.consumeInt(1, 247);
    int address = data.consumeInt(0, 0xFFFF - 125);
    int count = data.consumeInt(1, function == 16 ? ModbusRtuMaster.MAX_WRITE_REGISTERS
        : ModbusRtuMaster.MAX_READ_REGISTERS);
    int chunk = data.consumeInt(1, 64);
    ScriptedLink link = new ScriptedLink(data.consumeRemainingAsBytes(), chunk);
    ModbusRtuMaster master = new ModbusRtuMaster(link, Duration.ofMillis(1), 0);
    try {
      switch (function) {
        case 3, 4 -> assertEquals(count, master.readRegisters(slave, function, address, count).length);
        case 6 -> master.writeSingleRegister(slave, address, 0x1234);
        default -> master.writeMultipleRegisters(slave, address, new int[count]);
      }
    } catch (IOException expected) {
      assertTrue(expected.getMessage() != null, "an I/O failure says what happened");
    }
  }

  /** A serial link whose far end answers with fixed bytes, {@code chunk} at a time, then stays silent. */
  static final class ScriptedLink implements SerialLink {
    private final SerialSettings settings = SerialSettings.of8N1("fuzz", 4_000_000);
    private final byte[] reply;
    private final int chunk;
    private int at;

    ScriptedLink(byte[] reply, int chunk) {
      this.reply = reply;
      this.chunk = chunk;
    }

    @Override
    public SerialSettings settings() {
      return settings;
    }

    @Override
    public int read(byte[] dst, int off, int len, long deadlineNanos) {
      int n = Math.min(Math.min(len, chunk), reply.length - at);
      if (n <= 0) {
        // Silence until the deadline, as a real link would wait.
        long left = deadlineNanos - System.nanoTime();
        if (left > 0) LockSupport.parkNanos(left);
        return 0;
      }
      System.arraycopy(reply, at, dst, off, n);
      at += n;
      return n;
    }

    @Override
    public void write(byte[] data) {
      // The request goes nowhere; the reply is scripted.
    }

    @Override
    public int drain() {
      return 0;
    }

    @Override
    public void close() {
      // Nothing to release.
    }
  }
}
