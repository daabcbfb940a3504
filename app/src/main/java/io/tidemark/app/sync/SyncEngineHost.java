package io.tidemark.app.sync;

import io.tidemark.app.cli.UserError;
import io.tidemark.recorder.session.SimWorld;
import io.tidemark.sync.clock.ClockControl;
import io.tidemark.sync.clock.ClockEventSink;
import io.tidemark.sync.clock.ClockReading;
import io.tidemark.sync.clock.DisciplineGuard;
import io.tidemark.sync.clock.LinuxClockControl;
import io.tidemark.sync.clock.ReferenceTime;
import io.tidemark.sync.clock.SystemClock;
import io.tidemark.sync.engine.SyncConfig;
import io.tidemark.sync.engine.SyncEngine;
import io.tidemark.sync.ntp.NtpClient;
import io.tidemark.sync.ntp.NtpClientConfig;
import io.tidemark.sync.ntp.NtpFollowingClock;
import io.tidemark.sync.ntp.NtpSampleSink;
import io.tidemark.sync.ntp.NtpServedClock;
import io.tidemark.sync.ntp.NtpServer;
import io.tidemark.sync.ntp.NtpServerAddress;
import io.tidemark.sync.ntp.UdpNtpTransport;
import io.tidemark.sync.ptp.LinuxPtpSocket;
import io.tidemark.sync.ptp.PtpPort;
import io.tidemark.sync.ptp.PtpProfile;
import io.tidemark.sync.servo.ServoState;
import io.tidemark.sync.sim.SimPtpNetwork;
import io.tidemark.sync.time.RealScheduler;
import io.tidemark.sync.time.Scheduler;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * The sync engine with everything that feeds it, as {@code tidemark sync} and {@code tidemark record} run
 * it: PTP (a socket on an interface, or the simulated world's LAN) into the rate servo, the NTP client into
 * the phase loop, the clock control when disciplining, and optionally an NTP server serving the engine's time.
 *
 * <p>Two phases, so that a command can fail with one line before it creates anything:
 * {@link #open}/{@link #simulated} check the options, the discipline guard, and bind the sockets;
 * {@link #start} builds the engine once its sinks (the session database) exist.
 */
public final class SyncEngineHost implements AutoCloseable {

    /**
     * @param ptp          the PTP profile to follow, or null for none
     * @param iface        the interface carrying PTP (real time only)
     * @param ntpServers   NTP servers to poll (real time; the simulated world has its own)
     * @param discipline   steer the system clock (the simulated one in simulated time)
     * @param serving      serve the engine's time over NTP so, or null
     * @param ntpPollNs    the NTP client's steady poll interval (bursts of 8 each time)
     */
    public record Options(PtpProfile ptp, String iface, List<NtpServerAddress> ntpServers, boolean discipline,
                          NtpServing serving, long ntpPollNs) {

        /** With the default 16 s poll. */
        public Options(PtpProfile ptp, String iface, List<NtpServerAddress> ntpServers, boolean discipline,
                       NtpServing serving) {
            this(ptp, iface, ntpServers, discipline, serving, NtpClientConfig.DEFAULT_POLL_NS);
        }
    }

    private final Options options;
    private final SystemClock clock;
    private final SimWorld world;
    private final ClockControl control;
    private final RealScheduler realScheduler;
    private final LinuxPtpSocket ptpSocket;
    private final UdpNtpTransport ntpTransport;
    private final NtpServer ntpServer;
    private final ServedEngineTime served;
    private SyncEngine engine;
    private NtpClient ntpClient;
    private boolean closed;

    private SyncEngineHost(Options options, SystemClock clock, SimWorld world, ClockControl control,
                           RealScheduler realScheduler, LinuxPtpSocket ptpSocket, UdpNtpTransport ntpTransport,
                           NtpServer ntpServer, ServedEngineTime served) {
        this.options = options;
        this.clock = clock;
        this.world = world;
        this.control = control;
        this.realScheduler = realScheduler;
        this.ptpSocket = ptpSocket;
        this.ntpTransport = ntpTransport;
        this.ntpServer = ntpServer;
        this.served = served;
    }

    /** Parses {@code --ptp}: dante, aes67 or off (null). */
    public static PtpProfile parsePtp(String text) {
        return switch (text.toLowerCase()) {
            case "dante" -> PtpProfile.DANTE;
            case "aes67" -> PtpProfile.AES67;
            case "off" -> null;
            default -> throw new UserError("unknown --ptp '" + text + "'", "use dante, aes67 or off");
        };
    }

    /**
     * Real time: refuses {@code --discipline} when {@link DisciplineGuard} says no, opens the PTP socket and
     * binds the NTP server. Throws {@link UserError} (having closed what it opened) when any of that fails.
     */
    public static SyncEngineHost open(Options o, SystemClock clock) {
        if (o.ptp() != null && o.iface() == null) {
            throw new UserError("--ptp " + o.ptp().name().toLowerCase() + " needs --interface",
                    "name the interface carrying PTP, or give --ptp off");
        }
        ClockControl control = null;
        if (o.discipline()) {
            var refusal = DisciplineGuard.refusal(DisciplineGuard.inspect());
            if (refusal.isPresent()) {
                throw new UserError(refusal.get(), "");
            }
            control = new LinuxClockControl();
        }
        LinuxPtpSocket socket = null;
        UdpNtpTransport transport = null;
        ServedEngineTime served = null;
        NtpServer server = null;
        try {
            if (o.ptp() != null) {
                try {
                    socket = LinuxPtpSocket.open(o.iface(), null, clock);
                } catch (IOException e) {
                    throw new UserError("cannot listen for PTP on " + o.iface() + ": " + e.getMessage(),
                            "check --interface and run as root (UDP ports 319/320), or give --ptp off");
                }
            }
            if (!o.ntpServers().isEmpty()) {
                transport = new UdpNtpTransport(clock);
            }
            if (o.serving() != null) {
                served = new ServedEngineTime(NtpServedClock.unsynchronised(clock));
                server = o.serving().start(served, clock);
            }
            return new SyncEngineHost(o, clock, null, control, new RealScheduler("sync-engine"), socket, transport,
                    server, served);
        } catch (RuntimeException e) {
            if (server != null) server.close();
            if (transport != null) transport.close();
            if (socket != null) socket.close();
            throw e;
        }
    }

    /** Simulated time: everything on the world's timeline and clocks; discipline steers the simulated clock. */
    public static SyncEngineHost simulated(Options o, SimWorld world) {
        if (o.serving() != null) {
            throw new UserError("--serve-ntp cannot serve simulated time", "drop --serve-ntp or --simulated-time");
        }
        return new SyncEngineHost(o, world.clock(), world, o.discipline() ? world.clockControl() : null, null, null,
                null, null, null);
    }

    /**
     * Builds and starts the engine: its events go to {@code events}, every NTP exchange to {@code ntpSamples};
     * {@code recording} says when steps are forbidden.
     */
    public void start(ClockEventSink events, NtpSampleSink ntpSamples, BooleanSupplier recording) {
        Scheduler scheduler = world != null ? world.timeline() : realScheduler;
        SyncConfig config = SyncConfig.defaults().withDiscipline(control != null).withPtp(options.ptp() != null);
        engine = new SyncEngine(config, clock, control, scheduler, events, recording);
        engine.start();
        if (options.ptp() != null) {
            if (world != null) {
                SimPtpNetwork lan = world.startPtp(options.ptp());
                PtpPort port = new PtpPort(PtpPort.Config.of(options.ptp()), world.portMac(), lan, engine.ptpListener());
                lan.connectSlave(port::receive);
            } else {
                PtpPort port = new PtpPort(PtpPort.Config.of(options.ptp()), ptpSocket.mac(), ptpSocket,
                        engine.ptpListener());
                ptpSocket.start(port::receive);
            }
        }
        if (world != null) {
            ntpClient = world.ntpClient(engine.ntpSink(ntpSamples), ntpConfig());
        } else if (!options.ntpServers().isEmpty()) {
            ntpClient = new NtpClient(options.ntpServers(), ntpConfig(), clock, ntpTransport,
                    realScheduler, engine.ntpSink(ntpSamples));
        }
        if (ntpClient != null) {
            engine.useNtpModel(ntpClient);
            if (served != null) {
                served.follow(new NtpFollowingClock(ntpClient, engine.referenceTime(), clock));
            }
        }
    }

    private NtpClientConfig ntpConfig() {
        return NtpClientConfig.defaults().withFixedPoll(options.ntpPollNs());
    }

    public SyncEngine engine() {
        return engine;
    }

    /** The NTP client feeding the engine (start it after registering listeners), or null without NTP. */
    public NtpClient ntpClient() {
        return ntpClient;
    }

    /** UTC at a clock reading, as the engine knows it. */
    public ReferenceTime utc() {
        return engine.referenceTime();
    }

    /** The grandmaster's time at a clock reading while the rate servo is locked. */
    public ReferenceTime ptpTime() {
        return engine.ptpTime();
    }

    public boolean holdover() {
        return engine.state() == ServoState.HOLDOVER;
    }

    /** The local address the NTP server listens on, or null. */
    public InetSocketAddress servingAddress() {
        return ntpServer == null ? null : ntpServer.localAddress();
    }

    public String describe() {
        return (control != null ? "disciplining " + control.name() : "monitor only")
                + (options.ptp() != null ? ", PTP " + options.ptp().name().toLowerCase()
                + (world != null ? " (simulated LAN)" : " on " + options.iface()) : "")
                + (ntpClient != null ? ", NTP" : "")
                + (ntpServer != null ? ", serving NTP on port " + ntpServer.localAddress().getPort() : "");
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (ntpServer != null) ntpServer.close();
        if (ntpClient != null) ntpClient.close();
        if (engine != null) engine.close();
        if (ptpSocket != null) ptpSocket.close();
        if (realScheduler != null) realScheduler.close();
        if (ntpTransport != null) ntpTransport.close();
    }

    /**
     * What the NTP server serves: unsynchronised until the engine has an NTP client, then the engine's time.
     * The server is bound before the engine exists (a busy port must fail before a session is created).
     */
    private static final class ServedEngineTime implements NtpServedClock {
        private volatile NtpServedClock delegate;

        ServedEngineTime(NtpServedClock initial) {
            this.delegate = initial;
        }

        void follow(NtpServedClock clock) {
            this.delegate = clock;
        }

        @Override
        public long nowNs() {
            return delegate.nowNs();
        }

        @Override
        public long timeNsAt(ClockReading reading) {
            return delegate.timeNsAt(reading);
        }

        @Override
        public State state() {
            return delegate.state();
        }
    }
}
