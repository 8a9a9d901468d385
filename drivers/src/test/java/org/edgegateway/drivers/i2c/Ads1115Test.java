// SPDX-License-Identifier: Apache-2.0
package org.edgegateway.drivers.i2c;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.edgegateway.drivers.DeviceException;
import org.edgegateway.drivers.Sample;
import org.junit.jupiter.api.Test;

class Ads1115Test {
  private final AtomicInteger pauses = new AtomicInteger();

  private Ads1115 adc(FakeAds1115 chip) {
    return new Ads1115("adc-1", chip, nanos -> pauses.incrementAndGet());
  }

  @Test
  void configWordSelectsChannelGainSingleShotAnd128Sps() throws Exception {
    FakeAds1115 chip = new FakeAds1115().input(2, 1.0);
    adc(chip).readVolts(2, Ads1115.Gain.FS_4_096);
    // OS 0x8000 | MUX AIN2/GND 110 0x6000 | PGA 001 0x0200 | MODE 0x0100 | DR 100 0x0080 | COMP_QUE 11 0x0003
    assertEquals(List.of("write(01 e383)"), chip.writes());
  }

  @Test
  void countsAreScaledByTheDatasheetLsbOfEachRange() throws Exception {
    // LSB = FSR / 32768: 187.5, 125, 62.5, 31.25, 15.625, 7.8125 µV (datasheet table 3).
    FakeAds1115 chip = new FakeAds1115().input(0, 1.0001).input(1, 1.0).input(3, 0.2);
    Ads1115 adc = adc(chip);
    assertEquals(5333 * 187.5e-6, adc.readVolts(0, Ads1115.Gain.FS_6_144), 1e-12); // floor(1.0001/187.5µ) = 5333
    assertEquals(8000 * 125e-6, adc.readVolts(1, Ads1115.Gain.FS_4_096), 1e-12);
    assertEquals(16000 * 62.5e-6, adc.readVolts(1, Ads1115.Gain.FS_2_048), 1e-12);
    assertEquals(32000 * 31.25e-6, adc.readVolts(1, Ads1115.Gain.FS_1_024), 1e-12);
    assertEquals(12800 * 15.625e-6, adc.readVolts(3, Ads1115.Gain.FS_0_512), 1e-12);
    assertEquals(25600 * 7.8125e-6, adc.readVolts(3, Ads1115.Gain.FS_0_256), 1e-12);
  }

  @Test
  void waitsForTheReadyBitBeforeReadingTheConversion() throws Exception {
    FakeAds1115 chip = new FakeAds1115().input(0, 0.5).busyFor(3);
    assertEquals(0.5, adc(chip).readVolts(0, Ads1115.Gain.FS_2_048), 1e-12); // 8000 x 62.5 µV
    assertEquals(4, chip.log().stream().filter("read(01 x2)"::equals).count());
  }

  @Test
  void conversionThatNeverFinishesFailsAfterBoundedPolls() {
    FakeAds1115 chip = new FakeAds1115().input(0, 0.5).busyFor(1_000);
    DeviceException e = assertThrows(DeviceException.class, () -> adc(chip).readVolts(0, Ads1115.Gain.FS_2_048));
    assertEquals("adc-1", e.device());
    assertTrue(pauses.get() <= 25, "pauses: " + pauses.get());
  }

  @Test
  void inputBeyondFullScaleIsADeviceError() {
    FakeAds1115 chip = new FakeAds1115().input(0, 3.3);
    DeviceException e = assertThrows(DeviceException.class, () -> adc(chip).readVolts(0, Ads1115.Gain.FS_2_048));
    assertTrue(e.getMessage().contains("full scale"), e.getMessage());
  }

  @Test
  void busErrorIsWrappedNamingTheDevice() {
    FakeAds1115 chip = new FakeAds1115();
    chip.scheduleThrow(new IOException("Remote I/O error"));
    DeviceException e = assertThrows(DeviceException.class, () -> adc(chip).readVolts(0, Ads1115.Gain.FS_2_048));
    assertEquals("adc-1", e.device());
  }

  @Test
  void calibratedChannelGivesVoltsAndMoisture() throws Exception {
    // Capacitive probe: 2.80 V in dry air -> 0.00, 1.20 V in water -> 0.45 (m3/m3).
    TwoPointCalibration soil = new TwoPointCalibration(2.80, 0.0, 1.20, 0.45, true);
    FakeAds1115 chip = new FakeAds1115().input(1, 2.0);
    Ads1115Channel channel = new Ads1115Channel(adc(chip), 1, Ads1115.Gain.FS_4_096, soil, "moisture", "/");
    List<Sample> samples = channel.read();
    assertEquals("voltage", samples.get(0).quantity());
    assertEquals("V", samples.get(0).unit());
    assertEquals(2.0, samples.get(0).value(), 1e-12); // 16000 x 125 µV
    // 0 + (2.0 - 2.8) * (0.45 - 0) / (1.2 - 2.8) = 0.225
    assertEquals("moisture", samples.get(1).quantity());
    assertEquals("/", samples.get(1).unit());
    assertEquals(0.225, samples.get(1).value(), 1e-9);
  }

  @Test
  void uncalibratedChannelGivesVoltsOnly() throws Exception {
    FakeAds1115 chip = new FakeAds1115().input(3, 0.25);
    List<Sample> samples = new Ads1115Channel(adc(chip), 3, Ads1115.Gain.FS_0_512).read();
    assertEquals(List.of(new Sample("voltage", 16000 * 15.625e-6, "V")), samples);
  }
}
