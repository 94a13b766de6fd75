package dev.tcpspec.os.linux;

import com.sun.jna.LastErrorException;
import com.sun.jna.Native;
import com.sun.jna.Pointer;

/**
 * The Linux system calls the packet wire makes, bound through JNA direct mapping (Java 17 has no foreign function
 * API). Every call throws {@link LastErrorException} carrying errno on failure; {@link #errno} names it.
 *
 * <p>Only x86-64 and aarch64 Linux (LP64: {@code long} is 64 bits, {@code size_t} and {@code ssize_t} are
 * {@code long}).
 *
 * <pre>{@code
 * int fd = Libc.open("/dev/net/tun", Libc.O_RDWR | Libc.O_NONBLOCK | Libc.O_CLOEXEC);
 * }</pre>
 */
public final class Libc {
    static {
        Native.register("c");
    }

    private Libc() {
    }

    // flags and constants (asm-generic / x86-64 values, the same on aarch64)
    public static final int O_RDWR = 2;
    public static final int O_NONBLOCK = 0x800;
    public static final int O_CLOEXEC = 0x80000;
    public static final int CLONE_NEWNET = 0x40000000;

    public static final int AF_INET = 2;
    public static final int AF_INET6 = 10;
    public static final int AF_NETLINK = 16;
    public static final int AF_PACKET = 17;
    public static final int SO_TIMESTAMPNS = 35;
    public static final int ETH_P_ALL = 0x0003;
    public static final int PACKET_OUTGOING = 4;
    public static final int SOCK_STREAM = 1;
    public static final int SOCK_DGRAM = 2;
    public static final int SOCK_NONBLOCK = 0x800;
    public static final int SOCK_CLOEXEC = 0x80000;
    public static final int IPPROTO_TCP = 6;
    public static final int IPPROTO_IPV6 = 41;
    public static final int SOL_SOCKET = 1;
    public static final int SO_REUSEADDR = 2;
    public static final int SO_ERROR = 4;
    public static final int SO_SNDBUF = 7;
    public static final int SO_RCVBUF = 8;
    public static final int SO_KEEPALIVE = 9;
    public static final int SO_LINGER = 13;
    public static final int IPV6_V6ONLY = 26;
    public static final int TCP_NODELAY = 1;
    public static final int TCP_KEEPIDLE = 4;
    public static final int TCP_KEEPINTVL = 5;
    public static final int TCP_KEEPCNT = 6;
    public static final int TCP_LINGER2 = 8;
    public static final int TCP_QUICKACK = 12;
    public static final int TCP_REPAIR = 19;
    public static final int TCP_REPAIR_QUEUE = 20;
    public static final int TCP_QUEUE_SEQ = 21;
    public static final int TCP_REPAIR_OFF_NO_WP = -1;
    public static final int TCP_SEND_QUEUE = 2;
    public static final int SHUT_RD = 0;
    public static final int SHUT_WR = 1;
    public static final int MSG_NOSIGNAL = 0x4000;
    public static final int MSG_DONTWAIT = 0x40;
    public static final short POLLIN = 0x1;
    public static final short POLLOUT = 0x4;
    public static final short POLLERR = 0x8;
    public static final short POLLHUP = 0x10;

    // errno values
    public static final int ENOENT = 2;
    public static final int EINTR = 4;
    public static final int EBADF = 9;
    public static final int EAGAIN = 11;
    public static final int EPERM = 1;
    public static final int EACCES = 13;
    public static final int EINVAL = 22;
    public static final int EPIPE = 32;
    public static final int EADDRINUSE = 98;
    public static final int EADDRNOTAVAIL = 99;
    public static final int ECONNRESET = 104;
    public static final int EISCONN = 106;
    public static final int ENOTCONN = 107;
    public static final int ETIMEDOUT = 110;
    public static final int ECONNREFUSED = 111;
    public static final int EALREADY = 114;
    public static final int EINPROGRESS = 115;

    public static native int unshare(int flags) throws LastErrorException;

    public static native int setns(int fd, int nstype) throws LastErrorException;

    public static native int open(String path, int flags) throws LastErrorException;

    public static native int close(int fd) throws LastErrorException;

    public static native int dup(int fd) throws LastErrorException;

    public static native int ioctl(int fd, long request, Pointer arg) throws LastErrorException;

    public static native long read(int fd, byte[] buf, long count) throws LastErrorException;

    /** read(2) into native memory: nothing is copied but what the caller takes out (a byte[] is copied both ways). */
    public static native long read(int fd, Pointer buf, long count) throws LastErrorException;

    public static native long write(int fd, byte[] buf, long count) throws LastErrorException;

    public static native int poll(Pointer fds, long nfds, int timeoutMillis) throws LastErrorException;

    public static native int ppoll(Pointer fds, long nfds, Pointer timeout, Pointer sigmask) throws LastErrorException;

    public static native int socket(int domain, int type, int protocol) throws LastErrorException;

    public static native int bind(int fd, byte[] address, int length) throws LastErrorException;

    public static native int listen(int fd, int backlog) throws LastErrorException;

    public static native int accept4(int fd, byte[] address, int[] length, int flags) throws LastErrorException;

    public static native int connect(int fd, byte[] address, int length) throws LastErrorException;

    public static native int getsockname(int fd, byte[] address, int[] length) throws LastErrorException;

    public static native int getpeername(int fd, byte[] address, int[] length) throws LastErrorException;

    public static native int setsockopt(int fd, int level, int name, byte[] value, int length)
            throws LastErrorException;

    public static native int getsockopt(int fd, int level, int name, byte[] value, int[] length)
            throws LastErrorException;

    public static native int shutdown(int fd, int how) throws LastErrorException;

    public static native long recv(int fd, byte[] buf, long length, int flags) throws LastErrorException;

    public static native long recv(int fd, Pointer buf, long length, int flags) throws LastErrorException;

    public static native long send(int fd, byte[] buf, long length, int flags) throws LastErrorException;

    public static native long sendto(int fd, byte[] buf, long length, int flags, byte[] address, int addressLength)
            throws LastErrorException;

    public static native long recvmsg(int fd, Pointer msghdr, int flags) throws LastErrorException;

    public static native int gettid();

    public static native int getpid();

    /** The symbolic name of an errno value, e.g. {@code ECONNRESET}, or {@code errno N}. */
    public static String errno(int code) {
        return switch (code) {
            case EPERM -> "EPERM";
            case ENOENT -> "ENOENT";
            case EINTR -> "EINTR";
            case EBADF -> "EBADF";
            case EAGAIN -> "EAGAIN";
            case EACCES -> "EACCES";
            case EINVAL -> "EINVAL";
            case EPIPE -> "EPIPE";
            case EADDRINUSE -> "EADDRINUSE";
            case EADDRNOTAVAIL -> "EADDRNOTAVAIL";
            case ECONNRESET -> "ECONNRESET";
            case EISCONN -> "EISCONN";
            case ENOTCONN -> "ENOTCONN";
            case ETIMEDOUT -> "ETIMEDOUT";
            case ECONNREFUSED -> "ECONNREFUSED";
            case EALREADY -> "EALREADY";
            case EINPROGRESS -> "EINPROGRESS";
            default -> "errno " + code;
        };
    }

    /** {@code what} failed with {@code e}'s errno, as an exception whose message names both. */
    public static java.io.IOException failure(String what, LastErrorException e) {
        return new java.io.IOException(what + " failed: " + errno(e.getErrorCode()) + " (" + e.getMessage() + ")", e);
    }
}
