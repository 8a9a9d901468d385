// SPDX-License-Identifier: Apache-2.0
package org.edgegateway.uplink.senml;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.edgegateway.data.Quality;
import org.edgegateway.data.Reading;
import org.junit.jupiter.api.Test;

class RecordPackerTest {
  private static final long T0 = 1_732_384_284_123L;
  private static final String[][] CHANNELS = {
    {"bed-1.moisture", "/"}, {"bed-2.moisture", "/"}, {"air.temperature", "Cel"}, {"flow.total", "l"},
    {"valve-1.open", ""}, {"valve-2.open", ""}, {"bed-3-probe.conductivity", "S/m"}, {"rain.rate", "mm/h"},
  };

  /** Readings as the sampler makes them: whole-second intervals, a few ms late, odd values, NaN, bad qualities. */
  private static List<Reading> readings(long seed, int n) {
    SplittableRandom random = new SplittableRandom(seed);
    List<Reading> list = new ArrayList<>();
    long t = T0 - random.nextInt(5_000);
    for (int i = 0; i < n; i++) {
      String[] ch = CHANNELS[random.nextInt(random.nextBoolean() ? 3 : CHANNELS.length)];
      t += random.nextInt(4) == 0 ? 1_000 : 0;
      long late = random.nextInt(10) < 8 ? 0 : random.nextInt(40) - 5;
      double value = switch (random.nextInt(6)) {
        case 0 -> Math.round(random.nextDouble() * 10_000) / 10_000.0;
        case 1 -> random.nextInt(400) / 10.0;
        case 2 -> random.nextInt(2);
        case 3 -> random.nextDouble();
        case 4 -> random.nextInt(10) == 0 ? Double.NaN : -random.nextInt(100) * 0.25;
        default -> 0.1 + 0.2;
      };
      Quality q = Double.isNaN(value) ? Quality.SENSOR_ERROR
          : random.nextInt(20) == 0 ? Quality.values()[random.nextInt(Quality.values().length)] : Quality.OK;
      list.add(new Reading(ch[0], t + late, value, ch[1], q));
    }
    return list;
  }

  private static List<byte[]> records(List<Reading> readings) {
    return readings.stream().map(StoredRecord::of).toList();
  }

  @Test
  void packsFromStoredRecordsAreTheEncodersCborPacksToTheByte() {
    for (String baseName : new String[] {"gw-ka-0001/", ""}) {
      SenmlEncoder encoder = new SenmlEncoder(SenmlFormat.CBOR, baseName);
      RecordPacker packer = new RecordPacker(baseName);
      for (long seed = 0; seed < 300; seed++) {
        List<Reading> in = readings(seed, 1 + (int) (seed % 90));
        for (int max : new int[] {1, 60, 200, 512, 1024, 100_000}) {
          EncodedPack expected = encoder.encode(in, seed * 7, max);
          EncodedPack actual = packer.pack(in, records(in), seed * 7, max);
          assertEquals(expected.count(), actual.count(), "seed " + seed + ", max " + max);
          assertArrayEquals(expected.bytes(), actual.bytes(), "seed " + seed + ", max " + max);
        }
      }
    }
  }

  @Test
  void storedRecordHoldsValueThenQualityAndNothingThatDependsOnThePack() throws IOException {
    assertArrayEquals(new byte[] {(byte) 0xa1, 0x02, (byte) 0xf9, 0x4d, 0x60},
        StoredRecord.of(new Reading("a", T0, 21.5, "Cel", Quality.OK)));
    byte[] nan = StoredRecord.of(new Reading("a", T0, Double.NaN, "Cel", Quality.SENSOR_ERROR));
    assertEquals(0xa1, nan[0] & 0xff);
    assertEquals(1, StoredRecord.qualityAt(nan));
    byte[] both = StoredRecord.of(new Reading("a", T0 + 99_999, 0.2134, "/", Quality.STALE));
    assertEquals(2, StoredRecord.fields(both));
    assertEquals(7, StoredRecord.qualityAt(both)); // head, 02, fa + 4 bytes
    assertArrayEquals(both, StoredRecord.of(new Reading("b", T0, 0.2134, "%RH", Quality.STALE)));
  }

  @Test
  void aPackFromStoredRecordsDecodesToItsReadings() throws IOException {
    List<Reading> in = readings(42, 60);
    EncodedPack pack = new RecordPacker("gw-1/").pack(in, records(in), 9, 1024);
    DecodedPack<Reading> out = new SenmlDecoder(SenmlFormat.CBOR).decode(pack.bytes());
    List<Reading> resolved = new ArrayList<>();
    for (Reading r : in.subList(0, pack.count())) {
      resolved.add(new Reading("gw-1/" + r.channel(), r.timeMillis(), r.value(), r.unit(), r.quality()));
    }
    assertEquals(9, out.sequence());
    assertEquals(SenmlEncoderTest.perChannel(resolved), SenmlEncoderTest.perChannel(out.items()));
  }
}
