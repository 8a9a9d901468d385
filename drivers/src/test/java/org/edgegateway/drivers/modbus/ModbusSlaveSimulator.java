// SPDX-License-Identifier: Apache-2.0
package org.edgegateway.drivers.modbus;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.edgegateway.drivers.serial.PortVanishedException;
import org.edgegateway.drivers.serial.SerialLink;

/**
 * Modbus RTU slaves on the far end of a serial link, run on a thread of the test JVM. Each slave has holding
 * registers and optionally input registers (without them, function 04 gives exception 01); addresses outside
 * the registers give exception 02. Requests for addresses no slave has are ignored, as on a shared bus. Faults
 * queued with {@link #inject} apply to the next replies, one each. Its CRC is computed here, independently of
 * the code under test.
 */
final class ModbusSlaveSimulator implements AutoCloseable {

  /** What to do to the next reply instead of answering correctly. */
  enum Fault { GARBAGE_BEFORE, BAD_CRC, TRUNCATED, WRONG_SLAVE, SILENT, SLAVE_FAILURE, SLOW }

  /** Bytes the GARBAGE_BEFORE fault sends ahead of the reply. */
  static final byte[] GARBAGE = {0x00, (byte) 0xFF, 0x13, 0x37, (byte) 0xFE};
  private static final long SLOW_NANOS = TimeUnit.MILLISECONDS.toNanos(400);

  private final SerialLink link;
  private final Map<Integer, int[]> holding = new HashMap<>();
  private final Map<Integer, int[]> input = new HashMap<>();
  private final Deque<Fault> faults = new ArrayDeque<>();
  private final List<String> requests = new ArrayList<>();
  private final Thread thread;
  private volatile boolean running = true;
  private volatile Throwable failure;

  ModbusSlaveSimulator(SerialLink link) {
    this.link = link;
    this.thread = new Thread(this::serve, "modbus-slave-sim");
    thread.setDaemon(true);
  }

  ModbusSlaveSimulator start() {
    thread.start();
    return this;
  }

  /** Adds a slave with {@code holdingCount} holding and {@code inputCount} input registers (0: no fc 04). */
  synchronized void addSlave(int id, int holdingCount, int inputCount) {
    holding.put(id, new int[holdingCount]);
    if (inputCount > 0) input.put(id, new int[inputCount]);
  }

  synchronized void setHolding(int id, int address, int... values) {
    System.arraycopy(values, 0, holding.get(id), address, values.length);
  }

  synchronized void setInput(int id, int address, int... values) {
    System.arraycopy(values, 0, input.get(id), address, values.length);
  }

  synchronized int holding(int id, int address) {
    return holding.get(id)[address];
  }

  synchronized void inject(Fault... next) {
    faults.addAll(Arrays.asList(next));
  }

  /** Every request frame received, as hex ("01 03 00 00 00 02 C4 0B"), in order. */
  synchronized List<String> requests() {
    return new ArrayList<>(requests);
  }

  @Override
  public void close() throws IOException {
    running = false;
    try {
      thread.join(TimeUnit.SECONDS.toMillis(5));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    link.close();
    if (failure != null) throw new IOException("simulator failed", failure);
  }

  private void serve() {
    byte[] buf = new byte[512];
    int len = 0;
    try {
      while (running) {
        int n;
        try {
          n = link.read(buf, len, buf.length - len, System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(20));
        } catch (PortVanishedException e) {
          // Unplugged: the link reopens by itself once the port is back; poll for that like a device would.
          len = 0;
          LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
          continue;
        }
        if (n == 0) {
          len = 0; // A pause ends any partial frame.
          continue;
        }
        len += n;
        int used = frameLength(buf, len);
        if (used < 0) continue;
        byte[] frame = Arrays.copyOf(buf, used);
        System.arraycopy(buf, used, buf, 0, len - used);
        len -= used;
        if (crcOk(frame)) handle(frame);
      }
    } catch (IOException | RuntimeException e) {
      if (running) failure = e;
    }
  }

  /** Length of the complete request at the start of {@code buf}, or -1 while it is incomplete. */
  private static int frameLength(byte[] buf, int len) {
    if (len < 8) return -1;
    if (buf[1] != 16) return 8;
    int total = 9 + (buf[6] & 0xFF);
    return len >= total ? total : -1;
  }

  private void handle(byte[] frame) throws IOException {
    int slave = frame[0] & 0xFF;
    Fault fault;
    byte[] reply;
    synchronized (this) {
      requests.add(hex(frame));
      if (!holding.containsKey(slave)) return;
      fault = faults.poll();
      reply = fault == Fault.SLAVE_FAILURE ? exception(frame, 4) : answer(frame);
    }
    send(fault, withCrc(reply));
  }

  private byte[] answer(byte[] f) {
    int slave = f[0] & 0xFF;
    int fc = f[1] & 0xFF;
    int address = u16(f, 2);
    int[] regs = fc == 4 ? input.get(slave) : holding.get(slave);
    if (fc != 3 && fc != 4 && fc != 6 && fc != 16 || regs == null) return exception(f, 1);
    int count = fc == 6 ? 1 : u16(f, 4);
    if (address + count > regs.length) return exception(f, 2);
    if (fc == 6) {
      regs[address] = u16(f, 4);
      return Arrays.copyOf(f, 6);
    }
    if (fc == 16) {
      for (int i = 0; i < count; i++) regs[address + i] = u16(f, 7 + 2 * i);
      return Arrays.copyOf(f, 6);
    }
    byte[] r = new byte[3 + 2 * count];
    r[0] = f[0];
    r[1] = f[1];
    r[2] = (byte) (2 * count);
    for (int i = 0; i < count; i++) {
      r[3 + 2 * i] = (byte) (regs[address + i] >>> 8);
      r[4 + 2 * i] = (byte) regs[address + i];
    }
    return r;
  }

  private void send(Fault fault, byte[] reply) throws IOException {
    if (fault == null || fault == Fault.SLAVE_FAILURE) {
      link.write(reply);
      return;
    }
    switch (fault) {
      case GARBAGE_BEFORE -> {
        byte[] out = Arrays.copyOf(GARBAGE, GARBAGE.length + reply.length);
        System.arraycopy(reply, 0, out, GARBAGE.length, reply.length);
        link.write(out);
      }
      case BAD_CRC -> {
        reply[reply.length - 1] ^= 0x5A;
        link.write(reply);
      }
      case TRUNCATED -> link.write(Arrays.copyOf(reply, reply.length - 3));
      case WRONG_SLAVE -> {
        reply[0] = (byte) (reply[0] + 1);
        link.write(withCrc(Arrays.copyOf(reply, reply.length - 2)));
      }
      case SLOW -> {
        // Emulates a device that answers only after the master's timeout.
        LockSupport.parkNanos(SLOW_NANOS);
        link.write(reply);
      }
      default -> { } // SILENT: no reply at all.
    }
  }

  private static byte[] exception(byte[] f, int code) {
    return new byte[] {f[0], (byte) (f[1] | 0x80), (byte) code};
  }

  private static int u16(byte[] b, int at) {
    return ((b[at] & 0xFF) << 8) | (b[at + 1] & 0xFF);
  }

  /** CRC-16/MODBUS, bit by bit from the specification's description (poly 0xA001, init 0xFFFF, low byte first). */
  static int crc(byte[] b, int len) {
    int crc = 0xFFFF;
    for (int i = 0; i < len; i++) {
      crc ^= b[i] & 0xFF;
      for (int k = 0; k < 8; k++) crc = (crc & 1) == 1 ? (crc >>> 1) ^ 0xA001 : crc >>> 1;
    }
    return crc;
  }

  static byte[] withCrc(byte[] body) {
    byte[] out = Arrays.copyOf(body, body.length + 2);
    int c = crc(body, body.length);
    out[body.length] = (byte) c;
    out[body.length + 1] = (byte) (c >>> 8);
    return out;
  }

  private static boolean crcOk(byte[] frame) {
    int c = crc(frame, frame.length - 2);
    return (frame[frame.length - 2] & 0xFF) == (c & 0xFF) && (frame[frame.length - 1] & 0xFF) == c >>> 8;
  }

  static String hex(byte[] b) {
    StringBuilder sb = new StringBuilder();
    for (byte x : b) sb.append(sb.length() == 0 ? "" : " ").append(String.format("%02X", x & 0xFF));
    return sb.toString();
  }
}
