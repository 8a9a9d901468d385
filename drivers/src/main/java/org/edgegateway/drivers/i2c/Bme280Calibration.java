// SPDX-License-Identifier: Apache-2.0
package org.edgegateway.drivers.i2c;

/**
 * A BME280's factory trimming parameters and the datasheet's integer compensation (BST-BME280-DS002, section
 * 4.2.3: {@code BME280_compensate_T_int32}, {@code BME280_compensate_P_int64}, {@code bme280_compensate_H_int32}),
 * transcribed operation for operation; Java's {@code >>} on int and long is the arithmetic shift the reference
 * code relies on.
 */
record Bme280Calibration(
    int t1, int t2, int t3,
    int p1, int p2, int p3, int p4, int p5, int p6, int p7, int p8, int p9,
    int h1, int h2, int h3, int h4, int h5, int h6) {

  /** Bytes 0x88..0xA1 (26) hold T and P words and H1; bytes 0xE1..0xE7 (7) hold H2..H6. */
  static final int TP_REG = 0x88;
  static final int TP_LEN = 26;
  static final int H_REG = 0xE1;
  static final int H_LEN = 7;

  /** Decodes the two calibration blocks (datasheet table 16). */
  static Bme280Calibration parse(byte[] tp, byte[] h) {
    if (tp.length != TP_LEN || h.length != H_LEN) throw new IllegalArgumentException("calibration block length");
    return new Bme280Calibration(
        u16(tp, 0), s16(tp, 2), s16(tp, 4),
        u16(tp, 6), s16(tp, 8), s16(tp, 10), s16(tp, 12), s16(tp, 14), s16(tp, 16), s16(tp, 18), s16(tp, 20),
        s16(tp, 22),
        tp[25] & 0xFF,
        s16(h, 0),
        h[2] & 0xFF,
        // H4 and H5 are signed 12-bit values sharing register 0xE5; the MSB byte carries the sign.
        (h[3] << 4) | (h[4] & 0x0F),
        (h[5] << 4) | ((h[4] & 0xFF) >> 4),
        h[6]);
  }

  /** Fine temperature {@code t_fine}, the input of all three compensations. */
  int tFine(int adcT) {
    int var1 = (((adcT >> 3) - (t1 << 1)) * t2) >> 11;
    int var2 = (((((adcT >> 4) - t1) * ((adcT >> 4) - t1)) >> 12) * t3) >> 14;
    return var1 + var2;
  }

  /** Temperature in 0.01 °C. */
  static int temperatureCenti(int tFine) {
    return (tFine * 5 + 128) >> 8;
  }

  /** Pressure in Pa as unsigned Q24.8 (value / 256 = Pa); 0 when the calibration would divide by zero. */
  long pressureQ24p8(int adcP, int tFine) {
    long var1 = ((long) tFine) - 128000;
    long var2 = var1 * var1 * p6;
    var2 = var2 + ((var1 * p5) << 17);
    var2 = var2 + (((long) p4) << 35);
    var1 = ((var1 * var1 * p3) >> 8) + ((var1 * p2) << 12);
    var1 = ((((1L) << 47) + var1)) * p1 >> 33;
    if (var1 == 0) return 0;
    long p = 1048576 - adcP;
    p = (((p << 31) - var2) * 3125) / var1;
    var1 = (((long) p9) * (p >> 13) * (p >> 13)) >> 25;
    var2 = (((long) p8) * p) >> 19;
    p = ((p + var1 + var2) >> 8) + (((long) p7) << 4);
    return p & 0xFFFF_FFFFL;
  }

  /** Relative humidity in %RH as unsigned Q22.10 (value / 1024 = %RH), clamped to 0..100 %RH. */
  long humidityQ22p10(int adcH, int tFine) {
    int v = tFine - 76800;
    v = (((((adcH << 14) - (h4 << 20) - (h5 * v)) + 16384) >> 15)
        * (((((((v * h6) >> 10) * (((v * h3) >> 11) + 32768)) >> 10) + 2097152) * h2 + 8192) >> 14));
    v = v - (((((v >> 15) * (v >> 15)) >> 7) * h1) >> 4);
    v = v < 0 ? 0 : v;
    v = v > 419430400 ? 419430400 : v;
    return (v >>> 12) & 0xFFFF_FFFFL;
  }

  private static int u16(byte[] b, int i) {
    return (b[i] & 0xFF) | (b[i + 1] & 0xFF) << 8;
  }

  private static int s16(byte[] b, int i) {
    return (short) u16(b, i);
  }
}
