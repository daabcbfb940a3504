package io.tidemark.recorder.session;

import io.tidemark.recorder.capture.CaptureFormat;
import io.tidemark.recorder.capture.SimulatedDevice;
import io.tidemark.recorder.capture.SimulatedDeviceConfig;
import io.tidemark.sync.clock.SystemClock;
import io.tidemark.sync.ntp.NtpClient;
import io.tidemark.sync.ntp.NtpClientConfig;
import io.tidemark.sync.ntp.NtpSampleSink;
import io.tidemark.sync.sim.NetworkPath;
import io.tidemark.sync.sim.SimNtpServer;
import io.tidemark.sync.sim.SimTimeline;
import io.tidemark.sync.sim.SimulatedNtpTransport;
import io.tidemark.sync.sim.SimulatedSystemClock;

import java.nio.file.Path;
import java.util.List;

/**
 * The simulated world for {@code --simulated-time}: true time on a {@link SimTimeline}, a system
 * clock off by an offset and drifting, the simulated device, and an NTP server on true time reached
 * over a jittery path by the real {@link NtpClient}. Nothing runs by itself: the device's reads move
 * the timeline, and the NTP client's polls run as events on the way.
 *
 * @param sysOffsetNs         the system clock minus true UTC at the start
 * @param sysRatePpm          the system clock's drift
 * @param ntpJitterMeanNs     mean exponential jitter of each direction of the NTP path
 */
public final class SimWorld implements AutoCloseable {

    /** One-way base delay of the simulated LAN to the NTP server. */
    static final long NTP_BASE_DELAY_NS = 150_000;

    private final SimTimeline timeline;
    private final SimulatedSystemClock clock;
    private final SimNtpServer ntpServer;
    private final NtpClient ntpClient;
    private final SimulatedDevice.Opener device;

    public SimWorld(long startTrueNs, long sysOffsetNs, double sysRatePpm, long ntpJitterMeanNs, long seed,
                    SimulatedDeviceConfig deviceConfig, CaptureFormat format, int bufferFrames, Path truthDir,
                    NtpSampleSink ntpSink) {
        this.timeline = new SimTimeline(startTrueNs);
        this.clock = new SimulatedSystemClock(timeline, sysOffsetNs, sysRatePpm, 0, seed ^ 0x5157L);
        this.ntpServer = new SimNtpServer(timeline, 0, 1, "GPS");
        SimulatedNtpTransport transport = new SimulatedNtpTransport(clock, List.of(ntpServer),
                NetworkPath.of(NTP_BASE_DELAY_NS, ntpJitterMeanNs), NetworkPath.of(NTP_BASE_DELAY_NS, ntpJitterMeanNs),
                seed ^ 0x4E7FL);
        this.ntpClient = new NtpClient(List.of(ntpServer.address()), NtpClientConfig.defaults(), clock, transport,
                timeline, ntpSink);
        this.device = SimulatedDevice.opener(deviceConfig, format, bufferFrames, timeline, truthDir);
    }

    public SimTimeline timeline() {
        return timeline;
    }

    public SystemClock clock() {
        return clock;
    }

    public SimulatedDevice.Opener device() {
        return device;
    }

    public NtpClient ntpClient() {
        return ntpClient;
    }

    public SimNtpServer ntpServer() {
        return ntpServer;
    }

    /** Waiting in the simulated world is moving its time on. */
    public RecordingSession.Pause pause() {
        return timeline::advanceBy;
    }

    /** Stops the NTP client and finalises the device's truth files. */
    @Override
    public void close() {
        ntpClient.close();
        device.close();
    }
}
