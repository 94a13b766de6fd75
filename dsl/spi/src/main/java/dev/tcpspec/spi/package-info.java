/**
 * The stack SPI, in two tiers: how tcpspec drives a TCP stack.
 *
 * <ol>
 *   <li><b>Socket tier</b> (black box): {@link dev.tcpspec.spi.StackAdapter}, {@link dev.tcpspec.spi.StackSession},
 *       {@link dev.tcpspec.spi.TcpSocket}, {@link dev.tcpspec.spi.TcpListener}. The adapter performs blocking socket
 *       calls in the stack's own time and reports what it can observe. Real kernels live here; expectations get the
 *       adapter's timing tolerance, and capabilities it lacks (segment capture, fault injection) make the specs that
 *       need them NOT_APPLICABLE.</li>
 *   <li><b>Segment tier</b> (white box): {@link dev.tcpspec.spi.SegmentStack}, {@link dev.tcpspec.spi.SegmentHost},
 *       {@link dev.tcpspec.spi.SegmentConnection}, {@link dev.tcpspec.spi.HostContext}. The stack exchanges segments
 *       through tcpspec's simulated wire and takes its time from tcpspec's virtual clock, poll-style ("here is a
 *       segment / here is the time; give me what you send and when you next need to run"), with the reference stack
 *       as its peer. Every spec runs with the stack as client and again as server; fault injection and zero timing
 *       tolerance apply.</li>
 * </ol>
 *
 * <p>A user validates a stack of either tier by extending one JUnit 5 base class of the {@code specs} module
 * ({@code SocketTierConformance} or {@code SegmentTierConformance}) and returning the stack; or from the command line
 * with {@code tcpspec run --stack-class CLASS --classpath JARS}.
 */
package dev.tcpspec.spi;
