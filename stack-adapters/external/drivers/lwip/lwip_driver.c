/*
 * tcpspec's driver for lwIP: lwIP (Debian's liblwip, 2.1.3) as the TCP stack under test, with tcpspec's packet wire
 * as its only network interface.
 *
 *   lwip-driver --link NAME --addr 192.0.2.1/24 --peer 192.0.2.2
 *
 * The link is an AF_UNIX SOCK_SEQPACKET socket in the abstract namespace ("@NAME") on which tcpspec listens: every
 * message is one raw IP packet (IPv4 or IPv6, no link header), both ways. A netif of this driver's own writes what
 * lwIP sends onto it and feeds what arrives to ip_input(). Requests come one per line on stdin and are answered one
 * per line on stdout, "ID ok ..." or "ID err ENAME" (the protocol: stack-adapters/external/DRIVERS.md).
 *
 * lwIP runs as an application on an OS uses it: tcpip_init() starts its thread (timers), the application calls the
 * BSD socket API (lwip_socket, lwip_connect, ...; non-blocking, so that the wire keeps running while a call would
 * block), with the core lock (LWIP_TCPIP_CORE_LOCKING, as Debian builds it) so that each call and each packet is
 * handled completely before this driver answers.
 *
 * Time: lwIP reads its clock through sys_now(), which this program defines (a shared library's call to it binds to
 * the executable's definition): the monotonic clock plus the time tcpspec asked to skip. "skip MS" walks lwIP's
 * timeouts through that time in order, each at its own moment, and stops early after a timer that sent a segment
 * or changed a connection's state, so nothing lwIP does in skipped time goes unseen or undated.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#include "lwip/opt.h"
#include "lwip/init.h"
#include "lwip/ip.h"
#include "lwip/netif.h"
#include "lwip/pbuf.h"
#include "lwip/sockets.h"
#include "lwip/sys.h"
#include "lwip/tcpip.h"
#include "lwip/timeouts.h"
#include "lwip/priv/tcp_priv.h"

#define MAX_PACKET 65600
#define MAX_LINE (2 * 70000 + 256)

static int link_fd = -1;
static struct netif nif;
static int family = AF_INET;
static ip_addr_t local_ip;
static ip_addr_t peer_ip;
static volatile uint64_t packets_in;
/* Which sockets listen: lwIP asserts (core/tcp.c tcp_abandon, "don't call tcp_abort/tcp_abandon for listen-pcbs")
 * when a listener with SO_LINGER <1,0> is closed, so an abort of a listener is a plain close. */
static unsigned char listening[4096];
static volatile uint64_t packets_out;
static pthread_mutex_t out_lock = PTHREAD_MUTEX_INITIALIZER;

/* ---- lwIP's clock ------------------------------------------------------------------------------------------- */

static volatile int64_t skipped_ms;
/* Lingering close() calls under way on threads of their own (see close_lingering). */
static volatile int lingering_closes;

static int64_t mono_ms(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t) ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Interposes liblwip's sys_now (contrib/ports/unix/port/sys_arch.c): every lwIP timer is counted on this clock. */
u32_t sys_now(void) {
    return (u32_t) (mono_ms() + skipped_ms);
}

/* ---- replies ------------------------------------------------------------------------------------------------- */

static void reply(const char *id, const char *fmt, ...) {
    va_list ap;
    pthread_mutex_lock(&out_lock);
    fputs(id, stdout);
    fputc(' ', stdout);
    va_start(ap, fmt);
    vfprintf(stdout, fmt, ap);
    va_end(ap);
    fputc('\n', stdout);
    fflush(stdout);
    pthread_mutex_unlock(&out_lock);
}

static const char *errno_name(int e) {
    switch (e) {
    case ECONNRESET: return "ECONNRESET";
    case EPIPE: return "EPIPE";
    case ETIMEDOUT: return "ETIMEDOUT";
    case ECONNREFUSED: return "ECONNREFUSED";
    case ECONNABORTED: return "ECONNABORTED";
    case EADDRINUSE: return "EADDRINUSE";
    case EADDRNOTAVAIL: return "EADDRNOTAVAIL";
    case EAGAIN: return "EAGAIN";
    case EINPROGRESS: return "EINPROGRESS";
    case EALREADY: return "EALREADY";
    case EISCONN: return "EISCONN";
    case ENOTCONN: return "ENOTCONN";
    case EBADF: return "EBADF";
    case EINVAL: return "EINVAL";
    case ENOMEM: return "ENOMEM";
    case ENOBUFS: return "ENOBUFS";
    case EIO: return "EIO";
    case ENOPROTOOPT: return "ENOPROTOOPT";
    case EHOSTUNREACH: return "EHOSTUNREACH";
    case EOPNOTSUPP: return "EOPNOTSUPP";
    case ENFILE: return "ENFILE";
    default: return "EOTHER";
    }
}

static void reply_errno(const char *id, int e) {
    reply(id, "err %s %d", errno_name(e), e);
}

/* ---- the netif: raw IP packets on the link ------------------------------------------------------------------ */

static void send_packet(struct pbuf *p) {
    static unsigned char buf[MAX_PACKET];
    u16_t n = pbuf_copy_partial(p, buf, p->tot_len, 0);
    ssize_t w;
    do {
        w = send(link_fd, buf, n, 0);
    } while (w < 0 && errno == EINTR);
    if (w < 0) {
        fprintf(stderr, "lwip-driver: send on the link failed: %s\n", strerror(errno));
        exit(3);
    }
    packets_out++;
}

static err_t nif_output4(struct netif *n, struct pbuf *p, const ip4_addr_t *dst) {
    (void) n;
    (void) dst;
    send_packet(p);
    return ERR_OK;
}

static err_t nif_output6(struct netif *n, struct pbuf *p, const ip6_addr_t *dst) {
    (void) n;
    (void) dst;
    send_packet(p);
    return ERR_OK;
}

static err_t nif_init(struct netif *n) {
    n->name[0] = 't';
    n->name[1] = 's';
    n->mtu = 1500;
    n->output = nif_output4;
    n->output_ip6 = nif_output6;
    n->flags = 0;   /* no ARP, no Ethernet: a point-to-point link of raw IP packets */
    return ERR_OK;
}

/* Takes in every packet waiting on the link (none: returns at once); lwIP handles each before the next. */
static void pump_link(int wait_ms) {
    static unsigned char buf[MAX_PACKET];
    for (;;) {
        struct pollfd pfd = {link_fd, POLLIN, 0};
        int r = poll(&pfd, 1, wait_ms);
        if (r < 0 && errno == EINTR) continue;
        if (r <= 0) return;
        if (pfd.revents & (POLLHUP | POLLERR)) {
            fprintf(stderr, "lwip-driver: the link was closed\n");
            exit(0);
        }
        ssize_t n = recv(link_fd, buf, sizeof buf, MSG_DONTWAIT);
        if (n < 0) {
            if (errno == EAGAIN || errno == EINTR) return;
            fprintf(stderr, "lwip-driver: recv on the link failed: %s\n", strerror(errno));
            exit(3);
        }
        if (n == 0) exit(0);
        struct pbuf *p = pbuf_alloc(PBUF_RAW, (u16_t) n, PBUF_RAM);
        if (p != NULL) {
            pbuf_take(p, buf, (u16_t) n);
            LOCK_TCPIP_CORE();
            if (nif.input(p, &nif) != ERR_OK) pbuf_free(p);
            UNLOCK_TCPIP_CORE();
        }
        packets_in++;
        wait_ms = 0;
    }
}

/* ---- connections: lookup, state, stepping time --------------------------------------------------------------- */

static const char *state_name(enum tcp_state s) {
    switch (s) {
    case CLOSED: return "CLOSED";
    case LISTEN: return "LISTEN";
    case SYN_SENT: return "SYN_SENT";
    case SYN_RCVD: return "SYN_RECEIVED";
    case ESTABLISHED: return "ESTABLISHED";
    case FIN_WAIT_1: return "FIN_WAIT_1";
    case FIN_WAIT_2: return "FIN_WAIT_2";
    case CLOSE_WAIT: return "CLOSE_WAIT";
    case CLOSING: return "CLOSING";
    case LAST_ACK: return "LAST_ACK";
    case TIME_WAIT: return "TIME_WAIT";
    default: return "UNKNOWN";
    }
}

/* The connection on these ports, in the lists lwIP keeps (tcp_priv.h); NULL when lwIP has forgotten it. */
static struct tcp_pcb *find_pcb(u16_t lport, u16_t rport) {
    struct tcp_pcb *lists[] = {tcp_active_pcbs, tcp_tw_pcbs};
    for (int i = 0; i < 2; i++) {
        for (struct tcp_pcb *p = lists[i]; p != NULL; p = p->next) {
            if (p->local_port == lport && p->remote_port == rport) return p;
        }
    }
    return NULL;
}

/* A digest of every connection's state and of the packets sent: it changes when a timer did something visible. */
static uint64_t visible_generation(void) {
    uint64_t g = packets_out * 1000003u;
    struct tcp_pcb *lists[] = {tcp_active_pcbs, tcp_tw_pcbs};
    for (int i = 0; i < 2; i++) {
        for (struct tcp_pcb *p = lists[i]; p != NULL; p = p->next) {
            g = g * 31 + ((uint64_t) p->local_port << 24) + ((uint64_t) p->remote_port << 8) + (uint64_t) p->state;
        }
    }
    return g;
}

/* Whether no lwIP timer can change anything: every connection idle with nothing to send, acknowledge or time. */
static int tcp_idle(void) {
    if (tcp_tw_pcbs != NULL) return 0;
    for (struct tcp_pcb *p = tcp_active_pcbs; p != NULL; p = p->next) {
        int quiet_state = p->state == ESTABLISHED || p->state == CLOSE_WAIT
                || (p->state == FIN_WAIT_2 && !(p->flags & TF_RXCLOSED));
        if (!quiet_state) return 0;
        if (p->unacked != NULL || p->unsent != NULL || p->refused_data != NULL) return 0;
        if (p->flags & (TF_ACK_DELAY | TF_ACK_NOW | TF_CLOSEPEND)) return 0;
        if (p->persist_backoff > 0) return 0;
        if (ip_get_option(p, SOF_KEEPALIVE)) return 0;
    }
    return 1;
}

/*
 * Moves lwIP's clock forward by at most ms, running each timeout at its own moment; stops right after one that
 * sent a segment or changed a connection's state. Returns the milliseconds skipped. Called with the core lock.
 *
 * While a lingering close() is under way it also stops after the first timeout that moved the clock: that close()
 * may have completed in it (lwIP's poll_tcp re-runs the close every 500 ms, api_msg.c), which changes no state and
 * sends nothing, and its thread can only return once this one lets go of the core lock. Without that stop one skip
 * would carry the clock through the whole wait and the close() would seem to block for all of it.
 */
static int64_t skip_time(int64_t ms) {
    int64_t done = 0;
    uint64_t before = visible_generation();
    while (done < ms) {
        u32_t sleep = sys_timeouts_sleeptime();
        if (sleep == 0) {
            sys_check_timeouts();
            if (visible_generation() != before) break;
            continue;
        }
        int64_t step = ms - done;
        if (sleep != SYS_TIMEOUTS_SLEEPTIME_INFINITE && (int64_t) sleep < step) step = sleep;
        skipped_ms += step;
        done += step;
        sys_check_timeouts();
        if (visible_generation() != before) break;
        if (__atomic_load_n(&lingering_closes, __ATOMIC_SEQ_CST) > 0) break;
    }
    return done;
}

/* ---- socket options ------------------------------------------------------------------------------------------- */

static int set_int(int s, int level, int name, int v) {
    return lwip_setsockopt(s, level, name, &v, sizeof v);
}

/* Applies "key=value" options; returns 0, or the errno of the first that failed. */
static int apply_options(int s, char **opts, int n, int *lport) {
    for (int i = 0; i < n; i++) {
        char *eq = strchr(opts[i], '=');
        if (eq == NULL) continue;
        *eq = 0;
        const char *k = opts[i];
        long v = strtol(eq + 1, NULL, 10);
        int r = 0;
        if (!strcmp(k, "linger")) {
            struct linger l = {1, (int) v};
            r = lwip_setsockopt(s, SOL_SOCKET, SO_LINGER, &l, sizeof l);
        } else if (!strcmp(k, "reuseaddr")) {
            r = set_int(s, SOL_SOCKET, SO_REUSEADDR, (int) v);
        } else if (!strcmp(k, "keepalive")) {
            r = set_int(s, SOL_SOCKET, SO_KEEPALIVE, (int) v);
        } else if (!strcmp(k, "keepidle")) {
            r = set_int(s, IPPROTO_TCP, TCP_KEEPIDLE, (int) v);
        } else if (!strcmp(k, "keepintvl")) {
            r = set_int(s, IPPROTO_TCP, TCP_KEEPINTVL, (int) v);
        } else if (!strcmp(k, "keepcnt")) {
            r = set_int(s, IPPROTO_TCP, TCP_KEEPCNT, (int) v);
        } else if (!strcmp(k, "rcvbuf")) {
            r = set_int(s, SOL_SOCKET, SO_RCVBUF, (int) v);
        } else if (!strcmp(k, "sndbuf")) {
            r = 0;   /* lwIP's send buffer is TCP_SND_BUF, fixed when it is built: not settable per socket */
        } else if (!strcmp(k, "lport")) {
            *lport = (int) v;
        }
        *eq = '=';
        if (r != 0) return errno;
    }
    return 0;
}

/* ---- addresses ------------------------------------------------------------------------------------------------ */

static socklen_t sockaddr_of(const ip_addr_t *a, int port, struct sockaddr_storage *ss) {
    memset(ss, 0, sizeof *ss);
    if (family == AF_INET) {
        struct sockaddr_in *in = (struct sockaddr_in *) ss;
        in->sin_family = AF_INET;
        in->sin_port = htons((uint16_t) port);
        in->sin_addr.s_addr = ip_2_ip4(a)->addr;
        return sizeof *in;
    }
    struct sockaddr_in6 *in6 = (struct sockaddr_in6 *) ss;
    in6->sin6_family = AF_INET6;
    in6->sin6_port = htons((uint16_t) port);
    memcpy(&in6->sin6_addr, ip_2_ip6(a)->addr, 16);
    return sizeof *in6;
}

static int port_of(const struct sockaddr_storage *ss) {
    if (ss->ss_family == AF_INET) return ntohs(((const struct sockaddr_in *) ss)->sin_port);
    return ntohs(((const struct sockaddr_in6 *) ss)->sin6_port);
}

static int local_port(int s) {
    struct sockaddr_storage ss;
    socklen_t len = sizeof ss;
    if (lwip_getsockname(s, (struct sockaddr *) &ss, &len) != 0) return 0;
    return port_of(&ss);
}

static void nonblocking(int s, int on) {
    lwip_fcntl(s, F_SETFL, on ? O_NONBLOCK : 0);
}

/* ---- requests ------------------------------------------------------------------------------------------------ */

static int hexval(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

struct lingering {
    char id[32];
    int s;
};

static void *close_lingering(void *arg) {
    struct lingering *l = arg;
    int r = lwip_close(l->s);
    int e = errno;
    __atomic_sub_fetch(&lingering_closes, 1, __ATOMIC_SEQ_CST);
    if (r == 0) reply(l->id, "ok");
    else reply_errno(l->id, e);
    free(l);
    return NULL;
}

/* Wakes lwIP's thread so that it reckons its next timeout again after a call changed the timeouts. */
static void noop(void *arg) {
    (void) arg;
}

static void handle(char *line) {
    char *argv[64];
    int argc = 0;
    for (char *t = strtok(line, " "); t != NULL && argc < 64; t = strtok(NULL, " ")) argv[argc++] = t;
    if (argc < 2) return;
    const char *id = argv[0];
    const char *verb = argv[1];
    pump_link(0);
    if (!strcmp(verb, "hello")) {
        reply(id, "ok lwip %d.%d.%d", LWIP_VERSION_MAJOR, LWIP_VERSION_MINOR, LWIP_VERSION_REVISION);
    } else if (!strcmp(verb, "listen") && argc >= 3) {
        int port = atoi(argv[2]);
        int s = lwip_socket(family, SOCK_STREAM, 0);
        if (s < 0) {
            reply_errno(id, errno);
            return;
        }
        int lport = 0;
        int e = apply_options(s, argv + 3, argc - 3, &lport);
        struct sockaddr_storage ss;
        socklen_t len = sockaddr_of(&local_ip, port, &ss);
        if (e == 0 && lwip_bind(s, (struct sockaddr *) &ss, len) != 0) e = errno;
        if (e == 0 && lwip_listen(s, 128) != 0) e = errno;
        if (e != 0) {
            lwip_close(s);
            reply_errno(id, e);
            return;
        }
        nonblocking(s, 1);
        if (s >= 0 && s < (int) sizeof listening) listening[s] = 1;
        reply(id, "ok %d %d", s, local_port(s));
    } else if (!strcmp(verb, "connect") && argc >= 3) {
        int port = atoi(argv[2]);
        int s = lwip_socket(family, SOCK_STREAM, 0);
        if (s < 0) {
            reply_errno(id, errno);
            return;
        }
        int lport = 0;
        int e = apply_options(s, argv + 3, argc - 3, &lport);
        struct sockaddr_storage ss;
        socklen_t len;
        if (e == 0 && lport != 0) {
            len = sockaddr_of(&local_ip, lport, &ss);
            if (lwip_bind(s, (struct sockaddr *) &ss, len) != 0) e = errno;
        }
        if (e != 0) {
            lwip_close(s);
            reply_errno(id, e);
            return;
        }
        nonblocking(s, 1);
        len = sockaddr_of(&peer_ip, port, &ss);
        int r = lwip_connect(s, (struct sockaddr *) &ss, len);
        int err = r == 0 ? 0 : errno;
        tcpip_try_callback(noop, NULL);
        if (r == 0) {
            reply(id, "ok %d %d connected", s, local_port(s));
        } else if (err == EINPROGRESS) {
            reply(id, "ok %d %d inprogress", s, local_port(s));
        } else {
            int lp = local_port(s);
            lwip_close(s);
            reply(id, "err %s %d %d", errno_name(err), err, lp);
        }
    } else if (!strcmp(verb, "poll") && argc >= 4) {
        struct pollfd p = {atoi(argv[2]), (short) (!strcmp(argv[3], "in") ? POLLIN : POLLOUT), 0};
        int r = lwip_poll(&p, 1, 0);
        if (r < 0) reply_errno(id, errno);
        else reply(id, "ok %d", r > 0 && p.revents != 0 ? 1 : 0);
    } else if (!strcmp(verb, "soerror") && argc >= 3) {
        int v = 0;
        socklen_t len = sizeof v;
        if (lwip_getsockopt(atoi(argv[2]), SOL_SOCKET, SO_ERROR, &v, &len) != 0) reply_errno(id, errno);
        else if (v == 0) reply(id, "ok");
        else reply_errno(id, v);
    } else if (!strcmp(verb, "accept") && argc >= 3) {
        struct sockaddr_storage ss;
        socklen_t len = sizeof ss;
        int s = lwip_accept(atoi(argv[2]), (struct sockaddr *) &ss, &len);
        if (s < 0) {
            reply_errno(id, errno == EWOULDBLOCK ? EAGAIN : errno);
            return;
        }
        nonblocking(s, 1);
        reply(id, "ok %d %d %d", s, local_port(s), port_of(&ss));
    } else if (!strcmp(verb, "read") && argc >= 4) {
        static unsigned char buf[70000];
        int max = atoi(argv[3]);
        if (max > (int) sizeof buf) max = sizeof buf;
        ssize_t n = lwip_recv(atoi(argv[2]), buf, (size_t) max, MSG_DONTWAIT);
        tcpip_try_callback(noop, NULL);
        if (n > 0) {
            static char hex[2 * sizeof buf + 1];
            for (ssize_t i = 0; i < n; i++) sprintf(hex + 2 * i, "%02x", buf[i]);
            reply(id, "ok data %s", hex);
        } else if (n == 0) {
            reply(id, "ok eof");
        } else {
            reply_errno(id, errno == EWOULDBLOCK ? EAGAIN : errno);
        }
    } else if (!strcmp(verb, "write") && argc >= 4) {
        static unsigned char buf[70000];
        size_t len = strlen(argv[3]) / 2;
        if (len > sizeof buf) len = sizeof buf;
        for (size_t i = 0; i < len; i++) buf[i] = (unsigned char) (hexval(argv[3][2 * i]) << 4 | hexval(argv[3][2 * i + 1]));
        ssize_t n = lwip_send(atoi(argv[2]), buf, len, MSG_DONTWAIT);
        tcpip_try_callback(noop, NULL);
        if (n >= 0) reply(id, "ok %zd", n);
        else if (errno == EWOULDBLOCK || errno == EAGAIN) reply(id, "ok 0");
        else reply_errno(id, errno);
    } else if (!strcmp(verb, "shutdown") && argc >= 4) {
        int how = !strcmp(argv[3], "rd") ? SHUT_RD : !strcmp(argv[3], "wr") ? SHUT_WR : SHUT_RDWR;
        int r = lwip_shutdown(atoi(argv[2]), how);
        tcpip_try_callback(noop, NULL);
        if (r == 0) reply(id, "ok");
        else reply_errno(id, errno);
    } else if (!strcmp(verb, "close") && argc >= 3) {
        int s = atoi(argv[2]);
        struct linger l = {0, 0};
        socklen_t len = sizeof l;
        if (lwip_getsockopt(s, SOL_SOCKET, SO_LINGER, &l, &len) == 0 && l.l_onoff && l.l_linger > 0) {
            /* close() blocks up to the linger time (lwIP's netconn close in api_msg.c): on a thread of its own,
             * and on a blocking socket, since lwIP refuses to linger on a non-blocking one */
            nonblocking(s, 0);
            struct lingering *c = malloc(sizeof *c);
            snprintf(c->id, sizeof c->id, "%s", id);
            c->s = s;
            pthread_t t;
            __atomic_add_fetch(&lingering_closes, 1, __ATOMIC_SEQ_CST);
            pthread_create(&t, NULL, close_lingering, c);
            pthread_detach(t);
            return;
        }
        if (s >= 0 && s < (int) sizeof listening) listening[s] = 0;
        int r = lwip_close(s);
        tcpip_try_callback(noop, NULL);
        if (r == 0) reply(id, "ok");
        else reply_errno(id, errno);
    } else if (!strcmp(verb, "abort") && argc >= 3) {
        int s = atoi(argv[2]);
        struct linger l = {1, 0};
        if (s < 0 || s >= (int) sizeof listening || !listening[s]) lwip_setsockopt(s, SOL_SOCKET, SO_LINGER, &l, sizeof l);
        else listening[s] = 0;
        lwip_close(s);
        reply(id, "ok");
    } else if (!strcmp(verb, "state") && argc >= 4) {
        LOCK_TCPIP_CORE();
        struct tcp_pcb *p = find_pcb((u16_t) atoi(argv[2]), (u16_t) atoi(argv[3]));
        const char *st = p == NULL ? "CLOSED" : state_name(p->state);
        UNLOCK_TCPIP_CORE();
        reply(id, "ok %s", st);
    } else if (!strcmp(verb, "sync") && argc >= 3) {
        uint64_t want = strtoull(argv[2], NULL, 10);
        int64_t deadline = mono_ms() + 5000;
        while (packets_in < want && mono_ms() < deadline) pump_link(100);
        if (packets_in < want) reply(id, "err ETIMEDOUT %d", ETIMEDOUT);
        else reply(id, "ok %llu", (unsigned long long) packets_out);
    } else if (!strcmp(verb, "skip") && argc >= 3) {
        int64_t ms = strtoll(argv[2], NULL, 10) / 1000000;
        LOCK_TCPIP_CORE();
        int64_t done = skip_time(ms);
        UNLOCK_TCPIP_CORE();
        tcpip_try_callback(noop, NULL);
        reply(id, "ok %lld", (long long) done * 1000000);
    } else if (!strcmp(verb, "idle")) {
        LOCK_TCPIP_CORE();
        int idle = tcp_idle();
        UNLOCK_TCPIP_CORE();
        reply(id, "ok %d", idle);
    } else if (!strcmp(verb, "quit")) {
        reply(id, "ok");
        exit(0);
    } else {
        reply(id, "err EINVAL %d unknown request", EINVAL);
    }
}

/* ---- start --------------------------------------------------------------------------------------------------- */

static void usage(void) {
    fprintf(stderr, "usage: lwip-driver --link NAME --addr ADDRESS/PREFIX --peer ADDRESS\n");
    exit(2);
}

static sys_sem_t started;

static void tcpip_started(void *arg) {
    (void) arg;
    sys_sem_signal(&started);
}

int main(int argc, char **argv) {
    const char *link = NULL, *addr = NULL, *peer = NULL;
    for (int i = 1; i + 1 < argc; i += 2) {
        if (!strcmp(argv[i], "--link")) link = argv[i + 1];
        else if (!strcmp(argv[i], "--addr")) addr = argv[i + 1];
        else if (!strcmp(argv[i], "--peer")) peer = argv[i + 1];
        else usage();
    }
    if (link == NULL || addr == NULL || peer == NULL) usage();
    prctl(PR_SET_PDEATHSIG, SIGKILL);   /* never outlive tcpspec */
    signal(SIGPIPE, SIG_IGN);

    char a[128];
    snprintf(a, sizeof a, "%s", addr);
    int prefix = 24;
    char *slash = strchr(a, '/');
    if (slash != NULL) {
        *slash = 0;
        prefix = atoi(slash + 1);
    }
    if (!ipaddr_aton(a, &local_ip) || !ipaddr_aton(peer, &peer_ip)) usage();
    family = IP_IS_V6(&local_ip) ? AF_INET6 : AF_INET;

    link_fd = socket(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0);
    struct sockaddr_un un;
    memset(&un, 0, sizeof un);
    un.sun_family = AF_UNIX;
    size_t nlen = strlen(link);
    if (nlen + 1 > sizeof un.sun_path) usage();
    memcpy(un.sun_path + 1, link, nlen);   /* abstract namespace: nothing in the file system */
    if (connect(link_fd, (struct sockaddr *) &un, (socklen_t) (offsetof(struct sockaddr_un, sun_path) + 1 + nlen)) != 0) {
        fprintf(stderr, "lwip-driver: cannot connect to the link @%s: %s\n", link, strerror(errno));
        return 3;
    }
    int big = 4 << 20;
    setsockopt(link_fd, SOL_SOCKET, SO_SNDBUF, &big, sizeof big);

    sys_sem_new(&started, 0);
    tcpip_init(tcpip_started, NULL);
    sys_sem_wait(&started);

    LOCK_TCPIP_CORE();
    if (family == AF_INET) {
        ip4_addr_t mask, gw;
        ip4_addr_set_u32(&mask, prefix == 0 ? 0 : lwip_htonl(0xFFFFFFFFu << (32 - prefix)));
        ip4_addr_set_zero(&gw);
        netif_add(&nif, ip_2_ip4(&local_ip), &mask, &gw, NULL, nif_init, ip_input);
    } else {
        netif_add_noaddr(&nif, NULL, nif_init, ip_input);
        s8_t idx;
        nif.ip6_autoconfig_enabled = 0;
        netif_add_ip6_address(&nif, ip_2_ip6(&local_ip), &idx);
        netif_ip6_addr_set_state(&nif, idx, IP6_ADDR_PREFERRED);   /* no duplicate address detection */
    }
    netif_set_default(&nif);
    netif_set_link_up(&nif);
    netif_set_up(&nif);
    UNLOCK_TCPIP_CORE();

    static char line[MAX_LINE];
    size_t have = 0;
    for (;;) {
        struct pollfd p[2] = {{link_fd, POLLIN, 0}, {0, POLLIN, 0}};
        int r = poll(p, 2, -1);
        if (r < 0) {
            if (errno == EINTR) continue;
            return 3;
        }
        if (p[0].revents) pump_link(0);
        if (p[1].revents) {
            ssize_t n = read(0, line + have, sizeof line - have - 1);
            if (n <= 0) return 0;   /* tcpspec is gone */
            have += (size_t) n;
            char *start = line;
            char *nl;
            while ((nl = memchr(start, '\n', have - (size_t) (start - line))) != NULL) {
                *nl = 0;
                handle(start);
                start = nl + 1;
            }
            have -= (size_t) (start - line);
            memmove(line, start, have);
            if (have == sizeof line - 1) have = 0;   /* a line too long for any request */
        }
    }
}
