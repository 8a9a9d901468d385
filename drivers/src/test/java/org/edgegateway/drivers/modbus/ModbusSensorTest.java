// SPDX-License-Identifier: Apache-2.0
package org.edgegateway.drivers.modbus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.edgegateway.drivers.DeviceException;
import org.edgegateway.drivers.Sample;
import org.edgegateway.drivers.modbus.RegisterSpec.Type;
import org.edgegateway.drivers.modbus.RegisterSpec.WordOrder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(60)
class ModbusSensorTest {
  @TempDir Path dir;
  private SimulatedBus bus;

  @BeforeEach
  void startBus() throws IOException {
    bus = SimulatedBus.start(dir);
    bus.sim.addSlave(1, 300, 20);
    bus.sim.start();
  }

  @AfterEach
  void stopBus() throws IOException {
    bus.close();
  }

  @Test
  void decodesEveryTypeInBothWordOrdersFromOneRequest() throws IOException {
    bus.sim.setHolding(1, 0,
        0xFF9B,                 // int16 -101, two's complement
        0xFF9B,                 // the same bits as uint16: 65435
        0xFFFE, 0x1DC0,         // int32 -123456 = 0xFFFE1DC0, high word first
        0x1DC0, 0xFFFE,         // the same, low word first
        0x42F6, 0xE979,         // float32 123.456 = 0x42F6E979 (IEEE 754), high word first
        0xE979, 0x42F6,         // the same, low word first
        0xFFFF, 0xFFFE);        // uint32 4294967294
    ModbusSensor sensor = new ModbusSensor("probe", bus.master, 1, List.of(
        spec("i16", 0, Type.INT16, WordOrder.BIG, 0.1, 0),
        spec("u16", 1, Type.UINT16, WordOrder.BIG, 1, 0),
        spec("i32be", 2, Type.INT32, WordOrder.BIG, 1, 0),
        spec("i32le", 4, Type.INT32, WordOrder.LITTLE, 1, 0),
        spec("f32be", 6, Type.FLOAT32, WordOrder.BIG, 1, 0),
        spec("f32le", 8, Type.FLOAT32, WordOrder.LITTLE, 1, 0),
        spec("u32", 10, Type.UINT32, WordOrder.BIG, 1, 0)));

    List<Sample> samples = sensor.read();

    assertEquals(-10.1, samples.get(0).value(), 1e-9);
    assertEquals(65435, samples.get(1).value());
    assertEquals(-123456, samples.get(2).value());
    assertEquals(-123456, samples.get(3).value());
    assertEquals(123.456, samples.get(4).value(), 1e-4);
    assertEquals(123.456, samples.get(5).value(), 1e-4);
    assertEquals(4294967294.0, samples.get(6).value());
    assertEquals(1, bus.sim.requests().size());
    assertTrue(bus.sim.requests().get(0).startsWith("01 03 00 00 00 0C"), bus.sim.requests().toString());
  }

  @Test
  void scaleAndOffsetTurnRawIntoMeasurementWithUnit() throws IOException {
    bus.sim.setHolding(1, 7, 12345);
    ModbusSensor sensor = new ModbusSensor("soil-1", bus.master, 1,
        List.of(new RegisterSpec("temperature", 3, 7, Type.UINT16, WordOrder.BIG, 0.01, -100, "Cel", -40, 80)));
    Sample sample = sensor.read().get(0);
    assertEquals("temperature", sample.quantity());
    assertEquals(23.45, sample.value(), 1e-9);
    assertEquals("Cel", sample.unit());
  }

  @Test
  void registersOfOtherFunctionsOrFarApartGoInSeparateRequestsAndSamplesKeepSpecOrder() throws IOException {
    bus.sim.setHolding(1, 0, 10, 11);
    bus.sim.setHolding(1, 200, 200);
    bus.sim.setInput(1, 5, 5);
    ModbusSensor sensor = new ModbusSensor("mixed", bus.master, 1, List.of(
        spec("far", 200, Type.UINT16, WordOrder.BIG, 1, 0),
        inputSpec("input", 5, 4),
        spec("b", 1, Type.UINT16, WordOrder.BIG, 1, 0),
        spec("a", 0, Type.UINT16, WordOrder.BIG, 1, 0)));

    List<Sample> samples = sensor.read();

    assertEquals(List.of(200.0, 5.0, 11.0, 10.0), samples.stream().map(Sample::value).toList());
    assertEquals(3, sensor.requestsPerRead());
    assertEquals(3, bus.sim.requests().size());
  }

  @Test
  void overlappingSpecsShareOneRequest() throws IOException {
    bus.sim.setHolding(1, 0, 0x0001, 0x0002);
    ModbusSensor sensor = new ModbusSensor("overlap", bus.master, 1, List.of(
        spec("whole", 0, Type.UINT32, WordOrder.BIG, 1, 0),
        spec("low", 1, Type.UINT16, WordOrder.BIG, 1, 0)));
    assertEquals(List.of(65538.0, 2.0), sensor.read().stream().map(Sample::value).toList());
    assertEquals(1, sensor.requestsPerRead());
  }

  @Test
  void requestsAreSplitAt125Registers() {
    ModbusSensor sensor = new ModbusSensor("wide", bus.master, 1, List.of(
        spec("first", 0, Type.UINT16, WordOrder.BIG, 1, 0),
        spec("last-in-first-request", 124, Type.UINT16, WordOrder.BIG, 1, 0),
        spec("next", 124 + 1, Type.UINT16, WordOrder.BIG, 1, 0)));
    assertEquals(2, sensor.requestsPerRead());
  }

  @Test
  void errorNamesSensorPortSlaveAndRegistersAndKeepsTheTypedCause() {
    ModbusSensor sensor = new ModbusSensor("soil-9", bus.master, 9, List.of(
        spec("a", 4, Type.INT32, WordOrder.BIG, 1, 0)));
    DeviceException e = assertThrows(DeviceException.class, sensor::read);
    assertEquals("soil-9", e.device());
    assertTrue(e.getMessage().contains("port " + bus.pty.a() + " slave 9 registers 4..5 (fc 3)"), e.getMessage());
    assertInstanceOf(ModbusTimeoutException.class, e.getCause());
  }

  @Test
  void valuesOutsideTheValidRangeAreReturnedForTheGatewayToJudge() throws IOException {
    bus.sim.setHolding(1, 0, 9000);
    RegisterSpec humidity = new RegisterSpec("humidity", 3, 0, Type.UINT16, WordOrder.BIG, 0.1, 0, "%RH", 0, 100);
    double value = new ModbusSensor("th", bus.master, 1, List.of(humidity)).read().get(0).value();
    assertEquals(900.0, value, 1e-9);
    assertFalse(humidity.isValid(value));
    assertTrue(humidity.isValid(100.0));
  }

  @Test
  void specRejectsWhatCannotBeRead() {
    assertThrows(IllegalArgumentException.class, () -> inputSpec("x", 0, 6));
    assertThrows(IllegalArgumentException.class, () -> spec("x", 65535, Type.INT32, WordOrder.BIG, 1, 0));
    assertThrows(IllegalArgumentException.class,
        () -> new RegisterSpec("x", 3, 0, Type.UINT16, WordOrder.BIG, 1, 0, "Cel", 10, -10));
    assertThrows(IllegalArgumentException.class, () -> new ModbusSensor("x", bus.master, 1, List.of()));
  }

  private static RegisterSpec inputSpec(String quantity, int register, int function) {
    return new RegisterSpec(quantity, function, register, Type.UINT16, WordOrder.BIG, 1, 0, "/", -1e12, 1e12);
  }

  private static RegisterSpec spec(String quantity, int register, Type type, WordOrder order, double scale,
      double offset) {
    return new RegisterSpec(quantity, 3, register, type, order, scale, offset, "/", -1e12, 1e12);
  }
}
