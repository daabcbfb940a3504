package io.tidemark.recorder.session;

import io.tidemark.recorder.capture.CaptureFormat;
import io.tidemark.recorder.capture.SimulatedDevice;
import io.tidemark.recorder.capture.SimulatedDeviceConfig;
import io.tidemark.sync.sim.SimulatedClockControl;
import io.tidemark.sync.ntp.NtpClient;
import io.tidemark.sync.ntp.NtpClientConfig;
import io.tidemark.sync.ntp.NtpSampleSink;
import io.tidemark.sync.ptp.PtpProfile;
import io.tidemark.sync.sim.NetworkPath;
import io.tidemark.sync.sim.SimNtpServer;
import io.tidemark.sync.sim.SimPtpGrandmaster;
import io.tidemark.sync.sim.SimPtpNetwork;
import io.tidemark.sync.sim.SimTimeline;
import io.tidemark.sync.sim.SimulatedNtpTransport;
import io.tidemark.sync.sim.SimulatedSystemClock;

import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The simulated world for {@code --simulated-time}: true time on a {@link SimTimeline}, a system
 * clock off by an offset and drifting (steerable through {@link #clockControl()}), the simulated
 * device, an NTP server on true time reached over a jittery path by the real {@link NtpClient}, and
 * on request a second NTP server ({@link #addSecondNtpServer}) and a PTP grandmaster on a simulated LAN. Nothing runs by itself: the device's reads move
 * the timeline, and the NTP polls, PTP messages and the sync engine's ticks run as events on the way.
 *
 * @param sysOffsetNs         the system clock minus true UTC at the start
 * @param sysRatePpm          the system clock's drift
 * @param ntpJitterMeanNs     mean exponential jitter of each direction of the NTP path
 */
public final class SimWorld implements AutoCloseable {

    /**
     * The random walk of the workstation crystal's rate (CLOCK_MONOTONIC_RAW): 0.01 ppm/√h, what the model's
     * fit allows for. A crystal that never wanders would let a fit average NTP over hours and make any honest
     * claim look too cautious.
     */
    static final double SYS_WANDER_PPM_PER_SQRT_HOUR = 0.01;
    /** One-way base delay of the simulated LAN to the NTP server. */
    static final long NTP_BASE_DELAY_NS = 150_000;
    /** One-way base delay and mean jitter of the simulated PTP LAN (issue 4's Dante-like LAN). */
    static final long PTP_BASE_DELAY_NS = 20_000;
    static final long PTP_JITTER_MEAN_NS = 50_000;
    /** How long the simulated Dante grandmaster has been powered on: its PTP time (uptime) at the start. */
    static final long DANTE_UPTIME_NS = 3_600_000_000_000L;

    private final SimTimeline timeline;
    private final SimulatedSystemClock clock;
    private final SimNtpServer ntpServer;
    private final long ntpJitterMeanNs;
    private final long seed;
    private SimNtpServer secondNtpServer;
    private final SimulatedDevice.Opener device;
    private final SplittableRandom random;
    private NtpClient ntpClient;
    private SimPtpGrandmaster grandmaster;

    public SimWorld(long startTrueNs, long sysOffsetNs, double sysRatePpm, long ntpJitterMeanNs, long seed,
                    SimulatedDeviceConfig deviceConfig, CaptureFormat format, int bufferFrames, Path truthDir) {
        this.timeline = new SimTimeline(startTrueNs);
        this.clock = new SimulatedSystemClock(timeline, sysOffsetNs, sysRatePpm, SYS_WANDER_PPM_PER_SQRT_HOUR,
                seed ^ 0x5157L);
        this.ntpServer = new SimNtpServer(timeline, 0, 1, "GPS");
        this.ntpJitterMeanNs = ntpJitterMeanNs;
        this.seed = seed;
        this.device = SimulatedDevice.opener(deviceConfig, format, bufferFrames, timeline, truthDir);
        this.random = new SplittableRandom(seed ^ 0x9797L);
    }

    public SimTimeline timeline() {
        return timeline;
    }

    public SimulatedSystemClock clock() {
        return clock;
    }

    /** The simulated kernel's clock control: a discipline steers the simulated system clock, never the real one. */
    public SimulatedClockControl clockControl() {
        return new SimulatedClockControl(clock);
    }

    public SimulatedDevice.Opener device() {
        return device;
    }

    /** The real NTP client, polling the world's server; every exchange goes to {@code sink}. Not yet started. */
    public NtpClient ntpClient(NtpSampleSink sink) {
        return ntpClient(sink, NtpClientConfig.defaults());
    }

    /** The same, polling as {@code config} says. */
    public NtpClient ntpClient(NtpSampleSink sink, NtpClientConfig config) {
        if (ntpClient != null) {
            throw new IllegalStateException("the simulated world has one NTP client");
        }
        List<SimNtpServer> servers = secondNtpServer == null ? List.of(ntpServer) : List.of(ntpServer, secondNtpServer);
        SimulatedNtpTransport transport = new SimulatedNtpTransport(clock, servers,
                NetworkPath.of(NTP_BASE_DELAY_NS, ntpJitterMeanNs), NetworkPath.of(NTP_BASE_DELAY_NS, ntpJitterMeanNs),
                seed ^ 0x4E7FL);
        ntpClient = new NtpClient(servers.stream().map(SimNtpServer::address).toList(), config, clock, transport, timeline,
                sink);
        return ntpClient;
    }

    public SimNtpServer ntpServer() {
        return ntpServer;
    }

    /**
     * A second NTP server on true time, "sim-ntp-2" at stratum 2 (so the client prefers the first while it answers),
     * reached over the same kind of path: where the client goes when the first falls silent. Before {@link #ntpClient}.
     */
    public SimNtpServer addSecondNtpServer() {
        if (ntpClient != null) {
            throw new IllegalStateException("add the second NTP server before the client");
        }
        if (secondNtpServer == null) {
            secondNtpServer = new SimNtpServer(timeline, 0, 2, "10.0.0.1",
                    new io.tidemark.sync.ntp.NtpServerAddress("sim-ntp-2", io.tidemark.sync.ntp.NtpServerAddress.DEFAULT_PORT));
        }
        return secondNtpServer;
    }

    /**
     * Starts a grandmaster of {@code profile} (Dante: PTPv1, time = uptime; AES67: PTPv2, TAI) on a LAN of
     * 20 µs base delay and 50 µs mean exponential jitter each way, and returns that LAN: connect a
     * {@link io.tidemark.sync.ptp.PtpPort} to it. The grandmaster's crystal runs at 0 ppm against true time.
     */
    public SimPtpNetwork startPtp(PtpProfile profile) {
        SimPtpNetwork lan = new SimPtpNetwork(timeline, clock, NetworkPath.of(PTP_BASE_DELAY_NS, PTP_JITTER_MEAN_NS),
                NetworkPath.of(PTP_BASE_DELAY_NS, PTP_JITTER_MEAN_NS), random.nextLong());
        byte[] mac = SimPtpGrandmaster.mac(random);
        SimPtpGrandmaster.Config config = profile == PtpProfile.AES67
                ? SimPtpGrandmaster.Config.aes67(mac, timeline.nowNs(), 0.0, 128)
                : SimPtpGrandmaster.Config.dante(mac, DANTE_UPTIME_NS, 0.0);
        grandmaster = new SimPtpGrandmaster(config, timeline, lan, random.nextLong());
        grandmaster.start();
        return lan;
    }

    /** A MAC address for our simulated PTP port. */
    public byte[] portMac() {
        return SimPtpGrandmaster.mac(random);
    }

    /** Waiting in the simulated world is moving its time on. */
    public RecordingSession.Pause pause() {
        return timeline::advanceBy;
    }

    /** Stops the NTP client and the grandmaster, and finalises the device's truth files. */
    @Override
    public void close() {
        if (ntpClient != null) {
            ntpClient.close();
        }
        if (grandmaster != null) {
            grandmaster.stop();
        }
        device.close();
    }
}
