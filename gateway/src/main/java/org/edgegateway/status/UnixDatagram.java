// SPDX-License-Identifier: Apache-2.0
package org.edgegateway.status;

import com.sun.jna.LastErrorException;
import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.NativeLong;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * Sends one datagram to an AF_UNIX datagram socket through libc (JNA), which Java 17's NIO cannot do. Linux on
 * x86, x86_64, ARM and AArch64 only: the socket constants below are those architectures' values.
 */
final class UnixDatagram {
  static final int AF_UNIX = 1;
  static final int SOCK_DGRAM = 2;
  static final int SOCK_CLOEXEC = 0x80000;
  /** {@code sizeof(sockaddr_un.sun_path)} on Linux. */
  static final int SUN_PATH_MAX = 108;

  private UnixDatagram() {}

  /** The libc calls used here; loaded on first use, so a disabled notifier never touches native code. */
  interface LibC extends Library {
    int socket(int domain, int type, int protocol) throws LastErrorException;

    NativeLong sendto(int fd, byte[] buf, NativeLong len, int flags, byte[] addr, int addrLen)
        throws LastErrorException;

    int close(int fd) throws LastErrorException;
  }

  private static final class Holder {
    static final LibC LIBC = Native.load("c", LibC.class);
  }

  /**
   * Encodes {@code address} as a {@code sockaddr_un}: a file system path ({@code /run/...}) or, with a leading
   * {@code @}, a name in the abstract namespace. The array's length is the address length to pass to the kernel.
   */
  static byte[] sockaddr(String address) {
    if (address.isEmpty() || (address.charAt(0) != '/' && address.charAt(0) != '@')) {
      throw new IllegalArgumentException("not an AF_UNIX address (must start with / or @): " + address);
    }
    byte[] path = address.getBytes(StandardCharsets.UTF_8);
    boolean abstractName = path[0] == '@';
    if (abstractName) path[0] = 0;
    // A path gets its terminating NUL; an abstract name is exactly as long as its bytes.
    int pathLength = abstractName ? path.length : path.length + 1;
    if (pathLength > SUN_PATH_MAX) throw new IllegalArgumentException("AF_UNIX address too long: " + address);
    ByteBuffer b = ByteBuffer.allocate(2 + pathLength).order(ByteOrder.nativeOrder());
    b.putShort((short) AF_UNIX).put(path);
    return b.array();
  }

  /** Sends {@code message} as one datagram from a fresh socket, as libsystemd's {@code sd_notify} does. */
  static void send(byte[] sockaddr, byte[] message) throws IOException {
    LibC libc = Holder.LIBC;
    int fd;
    try {
      fd = libc.socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    } catch (LastErrorException e) {
      throw new IOException("socket(AF_UNIX, SOCK_DGRAM) failed: errno " + e.getErrorCode(), e);
    }
    try {
      long sent = libc.sendto(fd, message, new NativeLong(message.length), 0, sockaddr, sockaddr.length)
          .longValue();
      if (sent != message.length) throw new IOException("sendto sent " + sent + " of " + message.length + " bytes");
    } catch (LastErrorException e) {
      throw new IOException("sendto failed: errno " + e.getErrorCode(), e);
    } finally {
      try {
        libc.close(fd);
      } catch (LastErrorException e) {
        // The datagram left (or failed) already; a failing close of a datagram socket loses nothing.
      }
    }
  }
}
