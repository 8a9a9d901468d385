// SPDX-License-Identifier: Apache-2.0
package org.edgegateway.drivers.modbus;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import org.edgegateway.drivers.DeviceException;
import org.edgegateway.drivers.Sample;
import org.edgegateway.drivers.Sensor;

/**
 * A Modbus RTU device described by a list of {@link RegisterSpec}s. {@link #read()} gives one {@link Sample} per
 * spec, in spec order, reading registers of the same function that touch or overlap in one request (at most 125
 * registers). It does not check {@code validMin..validMax}: the gateway marks out-of-range values as sensor
 * faults. Errors are {@link DeviceException}s named after the sensor, giving port, slave and registers, with the
 * master's typed exception as cause. Closing does nothing: the bus (master and link) belongs to its owner.
 */
public final class ModbusSensor implements Sensor {

  /** One request: registers {@code start..start+count-1} of one function, and the specs it serves. */
  private record Block(int function, int start, int count, List<Integer> specs) {}

  private final String name;
  private final ModbusRtuMaster master;
  private final int slave;
  private final List<RegisterSpec> specs;
  private final List<Block> blocks;

  public ModbusSensor(String name, ModbusRtuMaster master, int slave, List<RegisterSpec> specs) {
    if (name == null || name.isBlank()) throw new IllegalArgumentException("name empty");
    if (slave < 1 || slave > 247) throw new IllegalArgumentException("slave out of range 1..247: " + slave);
    if (specs == null || specs.isEmpty()) throw new IllegalArgumentException("no registers for " + name);
    this.name = name;
    this.master = Objects.requireNonNull(master, "master");
    this.slave = slave;
    this.specs = List.copyOf(specs);
    this.blocks = plan(this.specs);
  }

  @Override
  public List<Sample> read() throws IOException {
    Sample[] samples = new Sample[specs.size()];
    for (Block block : blocks) {
      int[] regs = readBlock(block);
      for (int i : block.specs()) {
        RegisterSpec spec = specs.get(i);
        samples[i] = new Sample(spec.quantity(), spec.decode(regs, spec.register() - block.start()), spec.unit());
      }
    }
    return List.of(samples);
  }

  /** How many requests one {@link #read()} makes. */
  public int requestsPerRead() {
    return blocks.size();
  }

  @Override
  public String toString() {
    return "ModbusSensor[" + name + " on " + master.port() + " slave " + slave + "]";
  }

  private int[] readBlock(Block block) throws IOException {
    try {
      return master.readRegisters(slave, block.function(), block.start(), block.count());
    } catch (DeviceException e) {
      int last = block.start() + block.count() - 1;
      throw new DeviceException(name, "port " + master.port() + " slave " + slave + " registers " + block.start()
          + ".." + last + " (fc " + block.function() + "): " + e.getMessage(), e);
    }
  }

  /** Groups specs into requests: same function, contiguous or overlapping, at most 125 registers each. */
  private static List<Block> plan(List<RegisterSpec> specs) {
    List<Integer> order = new ArrayList<>();
    for (int i = 0; i < specs.size(); i++) order.add(i);
    order.sort(Comparator.<Integer>comparingInt(i -> specs.get(i).function())
        .thenComparingInt(i -> specs.get(i).register()));
    List<Block> blocks = new ArrayList<>();
    int function = -1;
    int start = 0;
    int end = 0;
    List<Integer> members = new ArrayList<>();
    for (int i : order) {
      RegisterSpec s = specs.get(i);
      int specEnd = s.register() + s.registerCount();
      boolean joins = s.function() == function && s.register() <= end
          && Math.max(end, specEnd) - start <= ModbusRtuMaster.MAX_READ_REGISTERS;
      if (!joins) {
        if (!members.isEmpty()) blocks.add(new Block(function, start, end - start, List.copyOf(members)));
        members.clear();
        function = s.function();
        start = s.register();
        end = specEnd;
      }
      end = Math.max(end, specEnd);
      members.add(i);
    }
    blocks.add(new Block(function, start, end - start, List.copyOf(members)));
    return List.copyOf(blocks);
  }
}
