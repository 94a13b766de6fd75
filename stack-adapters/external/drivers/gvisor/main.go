// Command gvisor-driver is tcpspec's driver for gVisor's netstack (Debian's golang-gvisor-gvisor-dev): the
// netstack TCP as the stack under test, with tcpspec's packet wire as its only network interface.
//
//	gvisor-driver --link NAME --addr 192.0.2.1/24 --peer 192.0.2.2
//
// The link is an AF_UNIX SOCK_SEQPACKET socket in the abstract namespace ("@NAME") on which tcpspec listens; every
// message is one raw IP packet. netstack's own fdbased link endpoint reads and writes it, as it would a TUN device
// (no Ethernet header). Requests come one per line on stdin and are answered one per line on stdout, "ID ok ..." or
// "ID err ENAME" (the protocol: stack-adapters/external/DRIVERS.md). The application side is netstack's
// tcpip.Endpoint API, the one gVisor's own socket layer (pkg/sentry/socket/netstack) calls.
//
// Time: the stack's clock (stack.Options.Clock) is this program's: the monotonic clock plus the time tcpspec asked
// to skip, and every timer netstack arms goes through it. "skip NS" moves the clock forward, but never past the
// next pending timer (less 1 ms), so a timer always fires on real time with netstack running around it.
//
// Lock step: "sync N" returns once the first N packets tcpspec wrote have been delivered into the stack and every
// TCP processor goroutine has handled what was queued (stack.Pause waits for the processors' queues to empty).
package main

import (
	"bufio"
	"bytes"
	"container/heap"
	"encoding/hex"
	"flag"
	"fmt"
	"net"
	"os"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"gvisor.dev/gvisor/pkg/tcpip"
	"gvisor.dev/gvisor/pkg/tcpip/link/fdbased"
	"gvisor.dev/gvisor/pkg/tcpip/link/nested"
	"gvisor.dev/gvisor/pkg/tcpip/network/ipv4"
	"gvisor.dev/gvisor/pkg/tcpip/network/ipv6"
	"gvisor.dev/gvisor/pkg/tcpip/stack"
	"gvisor.dev/gvisor/pkg/tcpip/transport/tcp"
	"gvisor.dev/gvisor/pkg/waiter"
)

// ---- the clock ------------------------------------------------------------------------------------------------

type timer struct {
	c        *clock
	deadline int64 // on the clock, nanoseconds
	f        func()
	index    int // in the heap; -1 when not pending
}

type timerHeap []*timer

func (h timerHeap) Len() int            { return len(h) }
func (h timerHeap) Less(i, j int) bool  { return h[i].deadline < h[j].deadline }
func (h timerHeap) Swap(i, j int)       { h[i], h[j] = h[j], h[i]; h[i].index = i; h[j].index = j }
func (h *timerHeap) Push(x interface{}) { t := x.(*timer); t.index = len(*h); *h = append(*h, t) }
func (h *timerHeap) Pop() interface{} {
	old := *h
	t := old[len(old)-1]
	*h = old[:len(old)-1]
	t.index = -1
	return t
}

// clock is netstack's tcpip.Clock: real monotonic time plus what was skipped; timers fire on it.
type clock struct {
	start   time.Time
	mu      sync.Mutex
	skipped int64
	pending timerHeap
	running int32 // timer functions started and not yet returned
	kick    chan struct{}
}

func newClock() *clock {
	c := &clock{start: time.Now(), kick: make(chan struct{}, 1)}
	go c.loop()
	return c
}

func (c *clock) nowLocked() int64 { return int64(time.Since(c.start)) + c.skipped }

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.start.Add(time.Duration(c.nowLocked()))
}

func (c *clock) NowMonotonic() tcpip.MonotonicTime {
	c.mu.Lock()
	defer c.mu.Unlock()
	return tcpip.MonotonicTime{}.Add(time.Duration(c.nowLocked()))
}

func (c *clock) AfterFunc(d time.Duration, f func()) tcpip.Timer {
	t := &timer{c: c, f: f, index: -1}
	t.Reset(d)
	return t
}

func (t *timer) Stop() bool {
	c := t.c
	c.mu.Lock()
	defer c.mu.Unlock()
	if t.index < 0 {
		return false
	}
	heap.Remove(&c.pending, t.index)
	c.wake()
	return true
}

func (t *timer) Reset(d time.Duration) {
	c := t.c
	c.mu.Lock()
	defer c.mu.Unlock()
	if t.index >= 0 {
		heap.Remove(&c.pending, t.index)
	}
	t.deadline = c.nowLocked() + int64(d)
	heap.Push(&c.pending, t)
	c.wake()
}

func (c *clock) wake() {
	select {
	case c.kick <- struct{}{}:
	default:
	}
}

// loop fires each timer when its deadline comes on the clock, each function in a goroutine of its own (as
// tcpip.Clock requires).
func (c *clock) loop() {
	for {
		c.mu.Lock()
		var wait time.Duration = time.Hour
		now := c.nowLocked()
		for len(c.pending) > 0 && c.pending[0].deadline <= now {
			t := heap.Pop(&c.pending).(*timer)
			atomic.AddInt32(&c.running, 1)
			go func(f func()) {
				defer atomic.AddInt32(&c.running, -1)
				f()
			}(t.f)
		}
		if len(c.pending) > 0 {
			wait = time.Duration(c.pending[0].deadline - now)
		}
		c.mu.Unlock()
		select {
		case <-c.kick:
		case <-time.After(wait):
		}
	}
}

// skip moves the clock forward by at most d, stopping 1 ms short of the next pending timer; returns how far.
func (c *clock) skip(d int64) int64 {
	c.mu.Lock()
	defer c.mu.Unlock()
	if atomic.LoadInt32(&c.running) > 0 {
		return 0
	}
	if len(c.pending) > 0 {
		room := c.pending[0].deadline - c.nowLocked() - int64(time.Millisecond)
		if room < d {
			d = room
		}
	}
	if d <= 0 {
		return 0
	}
	c.skipped += d
	c.wake()
	return d
}

// idle is true when no timer is pending or running.
func (c *clock) idle() bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.pending) == 0 && atomic.LoadInt32(&c.running) == 0
}

// ---- the link: netstack's fdbased endpoint, counting what it delivers -------------------------------------------

type countingLink struct {
	nested.Endpoint
	delivered uint64
}

func (l *countingLink) DeliverNetworkPacket(p tcpip.NetworkProtocolNumber, pkt stack.PacketBufferPtr) {
	l.Endpoint.DeliverNetworkPacket(p, pkt)
	atomic.AddUint64(&l.delivered, 1)
}

// ---- the driver ----------------------------------------------------------------------------------------------

type driver struct {
	s       *stack.Stack
	clk     *clock
	link    *countingLink
	proto   tcpip.NetworkProtocolNumber
	local   tcpip.Address
	peer    tcpip.Address
	mu      sync.Mutex
	next    int
	handles map[int]tcpip.Endpoint
	queues  map[int]*waiter.Queue
	outMu   sync.Mutex
	out     *bufio.Writer
}

func (d *driver) reply(id, format string, args ...interface{}) {
	d.outMu.Lock()
	defer d.outMu.Unlock()
	fmt.Fprintf(d.out, "%s %s\n", id, fmt.Sprintf(format, args...))
	d.out.Flush()
}

// errName is what an application of gVisor's sentry would see for err (syserr.TranslateNetstackError).
func errName(err tcpip.Error) string {
	switch err.(type) {
	case *tcpip.ErrConnectionReset:
		return "ECONNRESET"
	case *tcpip.ErrConnectionRefused:
		return "ECONNREFUSED"
	case *tcpip.ErrTimeout:
		return "ETIMEDOUT"
	case *tcpip.ErrClosedForSend:
		return "EPIPE"
	case *tcpip.ErrConnectionAborted, *tcpip.ErrAborted:
		return "ECONNABORTED"
	case *tcpip.ErrPortInUse:
		return "EADDRINUSE"
	case *tcpip.ErrNoPortAvailable, *tcpip.ErrBadLocalAddress:
		return "EADDRNOTAVAIL"
	case *tcpip.ErrNotConnected:
		return "ENOTCONN"
	case *tcpip.ErrWouldBlock:
		return "EAGAIN"
	case *tcpip.ErrConnectStarted:
		return "EINPROGRESS"
	case *tcpip.ErrAlreadyConnecting:
		return "EALREADY"
	case *tcpip.ErrAlreadyConnected:
		return "EISCONN"
	case *tcpip.ErrHostUnreachable, *tcpip.ErrNetworkUnreachable:
		return "EHOSTUNREACH"
	case *tcpip.ErrInvalidEndpointState, *tcpip.ErrAlreadyBound, *tcpip.ErrInvalidOptionValue:
		return "EINVAL"
	case *tcpip.ErrUnknownProtocolOption, *tcpip.ErrNotSupported:
		return "ENOPROTOOPT"
	default:
		return "EOTHER"
	}
}

func (d *driver) fail(id string, err tcpip.Error) {
	d.reply(id, "err %s 0 %s", errName(err), strings.ReplaceAll(err.String(), " ", "_"))
}

func (d *driver) add(ep tcpip.Endpoint, wq *waiter.Queue) int {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.next++
	d.handles[d.next] = ep
	d.queues[d.next] = wq
	return d.next
}

func (d *driver) get(h string) tcpip.Endpoint {
	n, _ := strconv.Atoi(h)
	d.mu.Lock()
	defer d.mu.Unlock()
	return d.handles[n]
}

// options applies "key=value" socket options; returns the local port asked for (0: any) or an error.
func (d *driver) options(ep tcpip.Endpoint, opts []string) (int, tcpip.Error) {
	lport := 0
	for _, o := range opts {
		kv := strings.SplitN(o, "=", 2)
		if len(kv) != 2 {
			continue
		}
		v, _ := strconv.ParseInt(kv[1], 10, 64)
		var err tcpip.Error
		switch kv[0] {
		case "linger":
			ep.SocketOptions().SetLinger(tcpip.LingerOption{Enabled: true, Timeout: time.Duration(v) * time.Second})
		case "reuseaddr":
			ep.SocketOptions().SetReuseAddress(v != 0)
		case "keepalive":
			ep.SocketOptions().SetKeepAlive(v != 0)
		case "keepidle":
			o := tcpip.KeepaliveIdleOption(time.Duration(v) * time.Second)
			err = ep.SetSockOpt(&o)
		case "keepintvl":
			o := tcpip.KeepaliveIntervalOption(time.Duration(v) * time.Second)
			err = ep.SetSockOpt(&o)
		case "keepcnt":
			err = ep.SetSockOptInt(tcpip.KeepaliveCountOption, int(v))
		case "rcvbuf":
			ep.SocketOptions().SetReceiveBufferSize(v, true)
		case "sndbuf":
			ep.SocketOptions().SetSendBufferSize(v, true)
		case "lport":
			lport = int(v)
		}
		if err != nil {
			return 0, err
		}
	}
	return lport, nil
}

func (d *driver) newEndpoint() (tcpip.Endpoint, *waiter.Queue, tcpip.Error) {
	var wq waiter.Queue
	ep, err := d.s.NewEndpoint(tcp.ProtocolNumber, d.proto, &wq)
	return ep, &wq, err
}

// stateName is the RFC 9293 name of a netstack endpoint state.
func stateName(s tcp.EndpointState) string {
	switch s {
	case tcp.StateListen:
		return "LISTEN"
	case tcp.StateConnecting, tcp.StateSynSent:
		return "SYN_SENT"
	case tcp.StateSynRecv:
		return "SYN_RECEIVED"
	case tcp.StateEstablished:
		return "ESTABLISHED"
	case tcp.StateFinWait1:
		return "FIN_WAIT_1"
	case tcp.StateFinWait2:
		return "FIN_WAIT_2"
	case tcp.StateTimeWait:
		return "TIME_WAIT"
	case tcp.StateCloseWait:
		return "CLOSE_WAIT"
	case tcp.StateLastAck:
		return "LAST_ACK"
	case tcp.StateClosing:
		return "CLOSING"
	default: // initial, bound, closed, error
		return "CLOSED"
	}
}

// lookup finds the endpoint of a connection among those the stack has registered (accepted or not, TIME_WAIT
// included: what sock_diag shows of a kernel); CLOSED when netstack has let it go.
func (d *driver) lookup(lport, rport uint16) string {
	for _, te := range d.s.RegisteredEndpoints() {
		ep, ok := te.(tcpip.Endpoint)
		if !ok {
			continue
		}
		info, ok := ep.Info().(*stack.TransportEndpointInfo)
		if !ok || info.ID.LocalPort != lport || info.ID.RemotePort != rport {
			continue
		}
		st := tcp.EndpointState(ep.State())
		if st == tcp.StateListen {
			continue
		}
		return stateName(st)
	}
	return "CLOSED"
}

func (d *driver) handle(line string) {
	f := strings.Fields(line)
	if len(f) < 2 {
		return
	}
	id, verb, args := f[0], f[1], f[2:]
	switch verb {
	case "hello":
		d.reply(id, "ok gvisor netstack-20221219")
	case "listen":
		port, _ := strconv.Atoi(args[0])
		ep, wq, err := d.newEndpoint()
		if err != nil {
			d.fail(id, err)
			return
		}
		if _, err = d.options(ep, args[1:]); err == nil {
			err = ep.Bind(tcpip.FullAddress{Addr: d.local, Port: uint16(port)})
		}
		if err == nil {
			err = ep.Listen(128)
		}
		if err != nil {
			ep.Close()
			d.fail(id, err)
			return
		}
		a, _ := ep.GetLocalAddress()
		d.reply(id, "ok %d %d", d.add(ep, wq), a.Port)
	case "connect":
		port, _ := strconv.Atoi(args[0])
		ep, wq, err := d.newEndpoint()
		if err != nil {
			d.fail(id, err)
			return
		}
		lport, err := d.options(ep, args[1:])
		if err == nil && lport != 0 {
			err = ep.Bind(tcpip.FullAddress{Addr: d.local, Port: uint16(lport)})
		}
		if err != nil {
			ep.Close()
			d.fail(id, err)
			return
		}
		err = ep.Connect(tcpip.FullAddress{NIC: 1, Addr: d.peer, Port: uint16(port)})
		a, _ := ep.GetLocalAddress()
		switch err.(type) {
		case nil:
			d.reply(id, "ok %d %d connected", d.add(ep, wq), a.Port)
		case *tcpip.ErrConnectStarted:
			d.reply(id, "ok %d %d inprogress", d.add(ep, wq), a.Port)
		default:
			ep.Close()
			d.reply(id, "err %s 0 %d", errName(err), a.Port)
		}
	case "poll":
		ep := d.get(args[0])
		if ep == nil {
			d.reply(id, "err EBADF 9")
			return
		}
		mask := waiter.ReadableEvents
		if args[1] == "out" {
			mask = waiter.WritableEvents
		}
		r := ep.Readiness(mask | waiter.EventErr | waiter.EventHUp)
		ready := 0
		if r != 0 {
			ready = 1
		}
		d.reply(id, "ok %d", ready)
	case "soerror":
		ep := d.get(args[0])
		if ep == nil {
			d.reply(id, "err EBADF 9")
			return
		}
		if err := ep.LastError(); err != nil {
			d.fail(id, err)
		} else {
			d.reply(id, "ok")
		}
	case "accept":
		ep := d.get(args[0])
		if ep == nil {
			d.reply(id, "err EBADF 9")
			return
		}
		var peer tcpip.FullAddress
		n, wq, err := ep.Accept(&peer)
		if err != nil {
			d.fail(id, err)
			return
		}
		a, _ := n.GetLocalAddress()
		d.reply(id, "ok %d %d %d", d.add(n, wq), a.Port, peer.Port)
	case "read":
		ep := d.get(args[0])
		max, _ := strconv.Atoi(args[1])
		var buf bytes.Buffer
		_, err := ep.Read(&tcpip.LimitedWriter{W: &buf, N: int64(max)}, tcpip.ReadOptions{})
		switch err.(type) {
		case nil:
			d.reply(id, "ok data %s", hex.EncodeToString(buf.Bytes()))
		case *tcpip.ErrClosedForReceive:
			d.reply(id, "ok eof")
		default:
			d.fail(id, err)
		}
	case "write":
		ep := d.get(args[0])
		data, _ := hex.DecodeString(args[1])
		n, err := ep.Write(bytes.NewReader(data), tcpip.WriteOptions{})
		switch err.(type) {
		case nil:
			d.reply(id, "ok %d", n)
		case *tcpip.ErrWouldBlock:
			d.reply(id, "ok 0")
		default:
			d.fail(id, err)
		}
	case "shutdown":
		ep := d.get(args[0])
		how := tcpip.ShutdownWrite
		if args[1] == "rd" {
			how = tcpip.ShutdownRead
		}
		if err := ep.Shutdown(how); err != nil {
			d.fail(id, err)
		} else {
			d.reply(id, "ok")
		}
	case "close":
		ep := d.get(args[0])
		d.mu.Lock()
		n, _ := strconv.Atoi(args[0])
		wq := d.queues[n]
		d.mu.Unlock()
		linger := ep.SocketOptions().GetLinger()
		if !linger.Enabled || linger.Timeout == 0 {
			ep.Close()
			d.reply(id, "ok")
			return
		}
		// as gVisor's socket layer does (sentry/socket/netstack Release): close, then block until the endpoint
		// leaves FIN_WAIT_1, CLOSING and LAST_ACK (EventHUp) or the linger time passes on the stack's clock. The
		// linger deadline is a timer of that clock, so that a skip of the clock stops at it instead of carrying
		// the close() past its deadline to whatever timer comes next.
		e, ch := waiter.NewChannelEntry(waiter.EventHUp | waiter.EventErr)
		wq.EventRegister(&e)
		ep.Close()
		expired := make(chan struct{})
		deadline := d.clk.AfterFunc(linger.Timeout, func() { close(expired) })
		go func() {
			defer wq.EventUnregister(&e)
			defer deadline.Stop()
			select {
			case <-ch:
			case <-expired:
			}
			d.reply(id, "ok")
		}()
	case "abort":
		if ep := d.get(args[0]); ep != nil {
			ep.Abort()
		}
		d.reply(id, "ok")
	case "state":
		lport, _ := strconv.Atoi(args[0])
		rport, _ := strconv.Atoi(args[1])
		d.reply(id, "ok %s", d.lookup(uint16(lport), uint16(rport)))
	case "sync":
		want, _ := strconv.ParseUint(args[0], 10, 64)
		deadline := time.Now().Add(5 * time.Second)
		for atomic.LoadUint64(&d.link.delivered) < want && time.Now().Before(deadline) {
			time.Sleep(20 * time.Microsecond)
		}
		if atomic.LoadUint64(&d.link.delivered) < want {
			d.reply(id, "err ETIMEDOUT 110")
			return
		}
		// every segment delivered so far has been queued to a TCP processor; Pause returns once each processor's
		// queue is empty, so everything those segments cause has happened
		d.s.Pause()
		d.s.Resume()
		d.reply(id, "ok")
	case "skip":
		ns, _ := strconv.ParseInt(args[0], 10, 64)
		d.reply(id, "ok %d", d.clk.skip(ns))
	case "idle":
		if d.clk.idle() {
			d.reply(id, "ok 1")
		} else {
			d.reply(id, "ok 0")
		}
	case "quit":
		d.reply(id, "ok")
		os.Exit(0)
	default:
		d.reply(id, "err EINVAL 22 unknown_request")
	}
}

func main() {
	link := flag.String("link", "", "abstract AF_UNIX SOCK_SEQPACKET socket to connect to")
	addr := flag.String("addr", "", "this stack's address/prefix")
	peer := flag.String("peer", "", "the peer's address")
	flag.Parse()
	if *link == "" || *addr == "" || *peer == "" {
		fmt.Fprintln(os.Stderr, "usage: gvisor-driver --link NAME --addr ADDRESS/PREFIX --peer ADDRESS")
		os.Exit(2)
	}
	// never outlive tcpspec
	syscall.RawSyscall(syscall.SYS_PRCTL, syscall.PR_SET_PDEATHSIG, uintptr(syscall.SIGKILL), 0)

	ip, subnet, err := net.ParseCIDR(*addr)
	if err != nil {
		fmt.Fprintln(os.Stderr, "gvisor-driver: bad --addr:", err)
		os.Exit(2)
	}
	peerIP := net.ParseIP(*peer)
	fd, err := syscall.Socket(syscall.AF_UNIX, syscall.SOCK_SEQPACKET|syscall.SOCK_CLOEXEC, 0)
	if err == nil {
		err = syscall.Connect(fd, &syscall.SockaddrUnix{Name: "@" + *link})
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "gvisor-driver: cannot connect to the link:", err)
		os.Exit(3)
	}
	syscall.SetsockoptInt(fd, syscall.SOL_SOCKET, syscall.SO_SNDBUF, 4<<20)

	clk := newClock()
	s := stack.New(stack.Options{
		NetworkProtocols:   []stack.NetworkProtocolFactory{ipv4.NewProtocolWithOptions(ipv4.Options{}), ipv6.NewProtocolWithOptions(ipv6.Options{})},
		TransportProtocols: []stack.TransportProtocolFactory{tcp.NewProtocol},
		Clock:              clk,
	})
	fdl, err := fdbased.New(&fdbased.Options{FDs: []int{fd}, MTU: 1500, PacketDispatchMode: fdbased.RecvMMsg})
	if err != nil {
		fmt.Fprintln(os.Stderr, "gvisor-driver: fdbased:", err)
		os.Exit(3)
	}
	cl := &countingLink{}
	cl.Endpoint.Init(fdl, cl)
	if e := s.CreateNIC(1, cl); e != nil {
		fmt.Fprintln(os.Stderr, "gvisor-driver: CreateNIC:", e)
		os.Exit(3)
	}
	d := &driver{s: s, clk: clk, link: cl, handles: map[int]tcpip.Endpoint{}, queues: map[int]*waiter.Queue{},
		out: bufio.NewWriter(os.Stdout)}
	prefix, _ := subnet.Mask.Size()
	if v4 := ip.To4(); v4 != nil {
		d.proto, d.local, d.peer = ipv4.ProtocolNumber, tcpip.Address(v4), tcpip.Address(peerIP.To4())
	} else {
		d.proto, d.local, d.peer = ipv6.ProtocolNumber, tcpip.Address(ip.To16()), tcpip.Address(peerIP.To16())
	}
	pa := tcpip.ProtocolAddress{Protocol: d.proto, AddressWithPrefix: tcpip.AddressWithPrefix{Address: d.local, PrefixLen: prefix}}
	if e := s.AddProtocolAddress(1, pa, stack.AddressProperties{}); e != nil {
		fmt.Fprintln(os.Stderr, "gvisor-driver: AddProtocolAddress:", e)
		os.Exit(3)
	}
	s.SetRouteTable([]tcpip.Route{{Destination: pa.AddressWithPrefix.Subnet(), NIC: 1}})

	in := bufio.NewReaderSize(os.Stdin, 1<<20)
	for {
		line, err := in.ReadString('\n')
		if len(line) > 0 {
			d.handle(strings.TrimSpace(line))
		}
		if err != nil {
			os.Exit(0) // tcpspec is gone
		}
	}
}
