// SPDX-License-Identifier: Apache-2.0
package org.edgegateway.bench;

import java.util.List;
import java.util.concurrent.TimeUnit;
import org.edgegateway.data.Reading;
import org.edgegateway.uplink.senml.SenmlEncoder;
import org.edgegateway.uplink.senml.SenmlFormat;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Time to encode 50 readings of the full {@link WireSite} mix (docs/BENCHMARKS.md section 4): as one SenML pack
 * (CBOR or JSON, the gateway's encoder, no byte bound) or as 50 JSON objects (the baseline). Run by bench/wire.sh.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class EncodeBench {
  @Param({"json-objects", "senml-cbor", "senml-json"})
  public String format;

  private List<Reading> readings;
  private SenmlEncoder encoder;
  private long sequence;

  @Setup
  public void setUp() {
    // Fifty readings from the middle of the run: every device has been read a few times.
    readings = List.copyOf(WireSite.readings(3, 1, true).subList(600, 650));
    encoder = format.equals("senml-json") ? new SenmlEncoder(SenmlFormat.JSON, WireSite.GATEWAY + "/")
        : new SenmlEncoder(SenmlFormat.CBOR, WireSite.GATEWAY + "/");
  }

  @Benchmark
  public void encode50(Blackhole bh) {
    if (format.equals("json-objects")) {
      for (Reading r : readings) bh.consume(WireBytes.object(r));
    } else {
      bh.consume(encoder.encode(readings, sequence++, Integer.MAX_VALUE));
    }
  }
}
