// SPDX-License-Identifier: Apache-2.0
package org.edgegateway.status;

import com.sun.jna.LastErrorException;
import com.sun.jna.Library;
import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.NativeLong;
import com.sun.jna.Pointer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * What systemd listens on: a bound AF_UNIX datagram socket (a path or an abstract name) that tests read from.
 * Public for tests that start the gateway, or its jar, with {@code NOTIFY_SOCKET} set to {@link #address()}.
 */
public final class NotifySocket implements AutoCloseable {
  private static final int EINTR = 4;
  private static final short POLLIN = 1;

  interface LibC extends Library {
    LibC INSTANCE = Native.load("c", LibC.class);

    int socket(int domain, int type, int protocol) throws LastErrorException;

    int bind(int fd, byte[] addr, int addrLen) throws LastErrorException;

    int poll(Pointer fds, NativeLong count, int timeoutMillis) throws LastErrorException;

    NativeLong recv(int fd, byte[] buf, NativeLong len, int flags) throws LastErrorException;

    int close(int fd) throws LastErrorException;
  }

  private final int fd;
  private final String address;
  private final Path file;

  private NotifySocket(String address, Path file) {
    this.address = address;
    this.file = file;
    int s = LibC.INSTANCE.socket(UnixDatagram.AF_UNIX, UnixDatagram.SOCK_DGRAM | UnixDatagram.SOCK_CLOEXEC, 0);
    try {
      byte[] sockaddr = UnixDatagram.sockaddr(address);
      LibC.INSTANCE.bind(s, sockaddr, sockaddr.length);
    } catch (RuntimeException e) {
      LibC.INSTANCE.close(s);
      throw e;
    }
    this.fd = s;
  }

  /** A socket at {@code file}, as systemd's {@code /run/systemd/notify}. */
  public static NotifySocket atPath(Path file) {
    return new NotifySocket(file.toString(), file);
  }

  /** A socket in the abstract namespace; {@code address} starts with {@code @}. */
  public static NotifySocket abstractName(String address) {
    return new NotifySocket(address, null);
  }

  /** The value for {@code NOTIFY_SOCKET}. */
  public String address() {
    return address;
  }

  /** Everything that arrives within {@code window}, as UTF-8 strings (possibly nothing). */
  public List<String> receiveFor(Duration window) {
    List<String> got = new ArrayList<>();
    long end = System.nanoTime() + window.toNanos();
    while (System.nanoTime() < end) {
      try {
        got.addAll(receive(1, Duration.ofNanos(Math.max(1_000_000L, end - System.nanoTime()))));
      } catch (AssertionError timeout) {
        break;
      }
    }
    return got;
  }

  /** Receives the next {@code count} datagrams as UTF-8 strings; fails when they have not all come in time. */
  public List<String> receive(int count, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    List<String> got = new ArrayList<>();
    byte[] buf = new byte[4096];
    try (Memory pollfd = new Memory(8)) {
      while (got.size() < count) {
        long left = Math.max(0, (deadline - System.nanoTime()) / 1_000_000L);
        pollfd.setInt(0, fd);
        pollfd.setShort(4, POLLIN);
        pollfd.setShort(6, (short) 0);
        int ready;
        try {
          ready = LibC.INSTANCE.poll(pollfd, new NativeLong(1), (int) Math.min(left, Integer.MAX_VALUE));
        } catch (LastErrorException e) {
          if (e.getErrorCode() == EINTR) continue;
          throw e;
        }
        if (ready == 0) throw new AssertionError("after " + timeout + " only " + got.size() + " of " + count
            + " datagrams arrived: " + got);
        int n = LibC.INSTANCE.recv(fd, buf, new NativeLong(buf.length), 0).intValue();
        got.add(new String(Arrays.copyOf(buf, n), StandardCharsets.UTF_8));
      }
    }
    return got;
  }

  @Override
  public void close() throws IOException {
    LibC.INSTANCE.close(fd);
    if (file != null) Files.deleteIfExists(file);
  }
}
