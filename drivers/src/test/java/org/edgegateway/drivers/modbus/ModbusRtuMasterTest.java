// SPDX-License-Identifier: Apache-2.0
package org.edgegateway.drivers.modbus;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.edgegateway.drivers.modbus.ModbusSlaveSimulator.Fault;
import org.edgegateway.drivers.serial.JsscSerialLink;
import org.edgegateway.drivers.serial.PortVanishedException;
import org.edgegateway.drivers.serial.SerialSettings;
import org.edgegateway.drivers.serial.SocatPtyPair;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The master against the simulated slaves across a socat pseudo-terminal pair at 9600 8N1. */
@Timeout(60)
class ModbusRtuMasterTest {
  private static final Duration TIMEOUT = Duration.ofMillis(200);

  @TempDir Path dir;
  private SocatPtyPair pty;
  private JsscSerialLink link;
  private ModbusSlaveSimulator sim;
  private ModbusRtuMaster master;

  @BeforeEach
  void startBus() throws IOException {
    pty = SocatPtyPair.start(dir);
    link = JsscSerialLink.open(SerialSettings.of8N1(pty.a(), 9600));
    sim = new ModbusSlaveSimulator(JsscSerialLink.open(SerialSettings.of8N1(pty.b(), 9600)));
    sim.addSlave(1, 100, 20);
    sim.addSlave(2, 10, 0);
    sim.setHolding(1, 0, 0x1111, 0x2222, 0x3333);
    sim.setHolding(2, 0, 0xAAAA, 0xBBBB);
    sim.setInput(1, 5, 777);
    sim.start();
    master = new ModbusRtuMaster(link, TIMEOUT, 0);
  }

  @AfterEach
  void stopBus() throws IOException {
    try {
      sim.close();
    } finally {
      link.close();
      pty.close();
    }
  }

  @Test
  void readRequestOnTheWireIsThePublishedFrame() throws IOException {
    assertArrayEquals(new int[] {0x1111, 0x2222}, master.readHoldingRegisters(1, 0, 2));
    assertEquals(List.of("01 03 00 00 00 02 C4 0B"), sim.requests());
  }

  @Test
  void inputRegistersAreReadWithFunction04() throws IOException {
    assertArrayEquals(new int[] {777}, master.readInputRegisters(1, 5, 1));
    assertTrue(sim.requests().get(0).startsWith("01 04 00 05 00 01"), sim.requests().toString());
  }

  @Test
  void garbageBeforeTheReplyIsSkippedAndCountedAsLineNoise() throws IOException {
    assertEquals(ModbusRtuMaster.LineNoise.NONE, master.lineNoise());
    sim.inject(Fault.GARBAGE_BEFORE);
    assertArrayEquals(new int[] {0x1111, 0x2222, 0x3333}, master.readHoldingRegisters(1, 0, 3));
    assertTrue(master.lineNoise().noiseBytes() > 0, master.lineNoise().toString());
  }

  @Test
  void badCrcGivesCrcErrorCountedAndNextRequestSucceeds() throws IOException {
    sim.inject(Fault.BAD_CRC);
    assertThrows(ModbusCrcException.class, () -> master.readHoldingRegisters(1, 0, 2));
    assertEquals(1, master.lineNoise().crcErrors());
    assertNextRequestSucceeds();
  }

  @Test
  void truncatedReplyGivesFrameErrorAndNextRequestSucceeds() throws IOException {
    sim.inject(Fault.TRUNCATED);
    ModbusFrameException e = assertThrows(ModbusFrameException.class, () -> master.readHoldingRegisters(1, 0, 2));
    assertTrue(e.getMessage().contains("truncated"), e.getMessage());
    assertNextRequestSucceeds();
  }

  @Test
  void wrongSlaveReplyGivesTypedErrorAndNextRequestSucceeds() throws IOException {
    sim.inject(Fault.WRONG_SLAVE);
    ModbusWrongSlaveException e = assertThrows(ModbusWrongSlaveException.class,
        () -> master.readHoldingRegisters(1, 0, 2));
    assertEquals(2, e.replyingSlave());
    assertNextRequestSucceeds();
  }

  @Test
  void unsupportedFunctionGivesException01AndNextRequestSucceeds() throws IOException {
    ModbusSlaveException e = assertThrows(ModbusSlaveException.class, () -> master.readInputRegisters(2, 0, 1));
    assertEquals(1, e.code());
    assertEquals("ILLEGAL FUNCTION", e.codeName());
    assertNextRequestSucceeds();
  }

  @Test
  void registerBeyondTheMapGivesException02NamingSlaveAndRegister() throws IOException {
    ModbusSlaveException e = assertThrows(ModbusSlaveException.class, () -> master.readHoldingRegisters(2, 9, 2));
    assertEquals(2, e.code());
    assertEquals("ILLEGAL DATA ADDRESS", e.codeName());
    assertEquals(pty.a() + " slave 2", e.device());
    assertTrue(e.getMessage().contains("at 9"), e.getMessage());
    assertNextRequestSucceeds();
  }

  @Test
  void slaveDeviceFailureGivesException04AndNextRequestSucceeds() throws IOException {
    sim.inject(Fault.SLAVE_FAILURE);
    ModbusSlaveException e = assertThrows(ModbusSlaveException.class, () -> master.readHoldingRegisters(1, 0, 1));
    assertEquals(4, e.code());
    assertEquals("SLAVE DEVICE FAILURE", e.codeName());
    assertNextRequestSucceeds();
  }

  @Test
  void absentSlaveTimesOutWithinItsBoundAndNextRequestSucceeds() throws IOException {
    long start = System.nanoTime();
    assertThrows(ModbusTimeoutException.class, () -> master.readHoldingRegisters(9, 0, 1));
    long elapsedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    assertTrue(elapsedMs >= TIMEOUT.toMillis(), "gave up early: " + elapsedMs + " ms");
    // Timeout, plus the 50 ms settle and slack for a loaded machine.
    assertTrue(elapsedMs < TIMEOUT.toMillis() + 1_000, "overran: " + elapsedMs + " ms");
    assertNextRequestSucceeds();
  }

  @Test
  void lateReplyToAnEarlierRequestIsSkippedByTheNext() throws IOException {
    sim.inject(Fault.SLOW);
    assertThrows(ModbusTimeoutException.class, () -> master.readHoldingRegisters(1, 0, 2));
    assertArrayEquals(new int[] {0x3333}, master.readHoldingRegisters(1, 2, 1));
  }

  @Test
  void timeoutsCrcErrorsAndGarbageAreRetried() throws IOException {
    ModbusRtuMaster patient = new ModbusRtuMaster(link, TIMEOUT, 3);
    sim.inject(Fault.SILENT, Fault.BAD_CRC, Fault.TRUNCATED);
    assertArrayEquals(new int[] {0x1111}, patient.readHoldingRegisters(1, 0, 1));
    assertEquals(4, sim.requests().size());
  }

  @Test
  void exceptionResponseIsNotRetried() {
    ModbusRtuMaster patient = new ModbusRtuMaster(link, TIMEOUT, 3);
    assertThrows(ModbusSlaveException.class, () -> patient.readHoldingRegisters(2, 50, 1));
    assertEquals(1, sim.requests().size());
  }

  @Test
  void twoSlavesOnOneBusAnswerEachForItself() throws IOException {
    for (int i = 0; i < 3; i++) {
      assertArrayEquals(new int[] {0x1111, 0x2222}, master.readHoldingRegisters(1, 0, 2));
      assertArrayEquals(new int[] {0xAAAA, 0xBBBB}, master.readHoldingRegisters(2, 0, 2));
    }
  }

  @Test
  void requestsFromSeveralThreadsAreSerialised() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      Future<Integer> one = pool.submit(() -> repeatRead(1, 0x1111));
      Future<Integer> two = pool.submit(() -> repeatRead(2, 0xAAAA));
      assertEquals(10, one.get(30, TimeUnit.SECONDS));
      assertEquals(10, two.get(30, TimeUnit.SECONDS));
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void largestReadOf125RegistersComesBackWhole() throws IOException {
    sim.addSlave(3, 125, 0);
    int[] expected = new int[125];
    for (int i = 0; i < expected.length; i++) expected[i] = 1000 + i;
    sim.setHolding(3, 0, expected);
    assertArrayEquals(expected, master.readHoldingRegisters(3, 0, 125));
  }

  @Test
  void singleRegisterWriteIsReadBack() throws IOException {
    master.writeSingleRegister(1, 40, 0xBEEF);
    assertEquals(0xBEEF, sim.holding(1, 40));
    assertArrayEquals(new int[] {0xBEEF}, master.readHoldingRegisters(1, 40, 1));
    assertTrue(sim.requests().get(0).startsWith("01 06 00 28 BE EF"), sim.requests().toString());
  }

  @Test
  void multipleRegisterWriteIsReadBackWithNegativeValuesAsTwosComplement() throws IOException {
    master.writeMultipleRegisters(2, 3, 1, -2, 0x7FFF);
    assertArrayEquals(new int[] {1, 0xFFFE, 0x7FFF}, master.readHoldingRegisters(2, 3, 3));
  }

  @Test
  void silentIntervalIsThreeAndAHalfCharactersUpTo19200BaudAndFixedAbove() {
    // 8N1 is 10 bits a character: 3.5 × 10 / 9600 s = 3.6458 ms.
    assertEquals(3_645_832L, ModbusRtuMaster.silentIntervalNanos(SerialSettings.of8N1("/dev/x", 9600)), 1);
    assertEquals(1_750_000L, ModbusRtuMaster.silentIntervalNanos(SerialSettings.of8N1("/dev/x", 38400)));
  }

  @Test
  void unpluggedAdapterGivesPortVanishedAndTheSameMasterWorksAfterReplug() throws IOException {
    pty.unplug();
    assertThrows(PortVanishedException.class, () -> master.readHoldingRegisters(1, 0, 1));
    pty.plug();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (true) {
      try {
        assertArrayEquals(new int[] {0x1111}, master.readHoldingRegisters(1, 0, 1));
        return;
      } catch (PortVanishedException | ModbusTimeoutException e) {
        // Either end may still be within its reopen back-off.
        if (System.nanoTime() - deadline > 0) throw e;
        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
      }
    }
  }

  @Test
  void invalidRequestsAreRejectedBeforeTouchingTheBus() {
    assertThrows(IllegalArgumentException.class, () -> master.readHoldingRegisters(0, 0, 1));
    assertThrows(IllegalArgumentException.class, () -> master.readHoldingRegisters(1, 0, 126));
    assertThrows(IllegalArgumentException.class, () -> master.writeSingleRegister(1, 0, 0x10000));
    assertEquals(List.of(), sim.requests());
  }

  private int repeatRead(int slave, int expected) throws IOException {
    int ok = 0;
    for (int i = 0; i < 10; i++) {
      if (master.readHoldingRegisters(slave, 0, 1)[0] == expected) ok++;
    }
    return ok;
  }

  private void assertNextRequestSucceeds() throws IOException {
    assertArrayEquals(new int[] {0x1111, 0x2222, 0x3333}, master.readHoldingRegisters(1, 0, 3));
  }
}
