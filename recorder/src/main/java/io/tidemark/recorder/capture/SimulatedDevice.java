package io.tidemark.recorder.capture;

import io.tidemark.sync.clock.SystemClock;
import io.tidemark.sync.sim.Oscillator;
import io.tidemark.sync.sim.SimTimeline;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.locks.LockSupport;

/**
 * One open connection to a simulated capture device ({@code --device sim}).
 *
 * <p>The hardware behind it ({@link Opener}) outlives a connection: its crystal, an {@link Oscillator}
 * over true time, keeps counting frames while the device is disconnected, and those frames are lost.
 * Frame {@code n} of the device is sampled at the true time at which its local clock reads
 * {@code n / rate} seconds after power-on. A buffer is delivered when the counter has passed its last
 * frame, plus a latency of {@code latencyBaseNs} + exponential({@code latencyMeanNs}), plus a rare
 * outlier; deliveries never overtake each other.
 *
 * <p>Two modes:
 * <ul>
 * <li>Real time ({@code timeline == null}): true time is CLOCK_REALTIME, and {@link #read} sleeps until
 * the buffer's delivery instant. A reader that falls more than the device buffer (2 s) behind loses
 * the overwritten frames as an overrun, as real hardware would.</li>
 * <li>Simulated time: {@link #read} advances the {@link SimTimeline} to the delivery instant and returns
 * at once; the caller then reads a {@code SimulatedSystemClock} on the same timeline.</li>
 * </ul>
 * Everything the device does is written to a {@link SimulationTruth}.
 */
public final class SimulatedDevice implements CaptureDevice {

    public static final String NAME = "sim";
    /** How much audio the simulated device holds before a slow reader loses some. */
    public static final long DEVICE_BUFFER_NS = 2_000_000_000L;

    private final Opener hardware;
    private boolean connected = true;

    private SimulatedDevice(Opener hardware) {
        this.hardware = hardware;
    }

    /**
     * The simulated hardware, ready to be opened (and reopened after {@link DeviceLostException}).
     *
     * @param timelineOrNull  the simulated world's true time, or null to run in real time
     * @param truthDirOrNull  folder for truth.json and truth.csv (usually the session folder), or null
     *                        to keep the truth in memory only
     */
    public static Opener opener(SimulatedDeviceConfig cfg, CaptureFormat format, int bufferFrames,
                                SimTimeline timelineOrNull, Path truthDirOrNull) {
        return new Opener(cfg, format, bufferFrames, timelineOrNull, truthDirOrNull);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public CaptureFormat format() {
        return hardware.format;
    }

    @Override
    public int read(byte[] buffer, int frames) throws DeviceLostException {
        synchronized (hardware) {
            if (!connected) {
                throw new DeviceLostException("the simulated device is no longer connected");
            }
            return hardware.read(this, buffer, frames);
        }
    }

    @Override
    public boolean takeOverrun() {
        synchronized (hardware) {
            boolean o = hardware.overrunPending;
            hardware.overrunPending = false;
            return o;
        }
    }

    @Override
    public void close() {
        synchronized (hardware) {
            if (connected) {
                connected = false;
                hardware.closed(this);
            }
        }
    }

    /**
     * The simulated hardware: opens connections to itself and owns the {@link SimulationTruth}.
     * {@link #close()} finalises the truth; call it when the session ends.
     */
    public static final class Opener implements DeviceOpener, AutoCloseable {

        private final SimulatedDeviceConfig cfg;
        private final CaptureFormat format;
        private final int bufferFrames;
        private final SimTimeline timeline;
        private final SystemClock realClock;
        private final SimulatedSignal signal;
        private final SimulationTruth truth;
        private final SplittableRandom faultRandom;
        private final SplittableRandom latencyRandom;
        private final long deviceBufferFrames;

        private boolean poweredOn;
        private Oscillator crystal;
        private long powerOnTrueNs;
        private long nextDeviceFrame;     // first device frame not yet delivered or lost
        private long deliveredFrames;     // = recorded sample index of the next delivered frame
        private long deviceBuffers;       // buffers produced, lost ones included (for the fault schedule)
        private long lastDeliveryTrueNs;
        private boolean overrunPending;
        private long outageUntilTrueNs = Long.MIN_VALUE;
        private int openDisconnectFault = -1;
        private SimulatedDevice current;
        private long nextClickSecond;
        private long nextClickDeviceFrame;
        private ReferenceSignal reference;
        private int referenceChannel = -1;
        private float[] referenceBlock = new float[0];
        private java.util.List<SimulatedSignalSpan> signalSpans = java.util.List.of();

        private Opener(SimulatedDeviceConfig cfg, CaptureFormat format, int bufferFrames, SimTimeline timeline,
                       Path truthDir) {
            if (bufferFrames < 1) {
                throw new IllegalArgumentException("bufferFrames must be positive");
            }
            this.cfg = cfg;
            this.format = format;
            this.bufferFrames = bufferFrames;
            this.timeline = timeline;
            this.realClock = timeline == null ? SystemClock.platform() : null;
            this.signal = new SimulatedSignal(format, cfg.signal(), cfg.seed());
            SplittableRandom root = new SplittableRandom(cfg.seed());
            this.faultRandom = root.split();
            this.latencyRandom = root.split();
            this.deviceBufferFrames = Math.max(format.framesIn(DEVICE_BUFFER_NS), 2L * bufferFrames);
            Map<String, Object> params = new LinkedHashMap<>();
            params.put("device", NAME);
            params.put("channels", format.channels());
            params.put("sampleRateHz", format.sampleRateHz());
            params.put("bitsPerSample", format.bitsPerSample());
            params.put("encoding", format.encoding().cliName);
            params.put("bufferFrames", bufferFrames);
            params.put("simulatedTime", timeline != null);
            params.put("deviceBufferNs", DEVICE_BUFFER_NS);
            // the fixed part of every delivery delay: what a stamp-based model is late by (no stamp sees it)
            params.put("inputLatencyNs", cfg.latencyBaseNs());
            params.put("config", cfg);
            this.truth = SimulationTruth.create(truthDir, params);
        }

        /**
         * Puts a reference signal (PPS or LTC) on a channel in place of what it carries, from the
         * device's own sampling instants: the reference reaches the samples with the audio, so the
         * fixed delivery delay ({@code latencyBaseNs}, which no stamp sees) is exactly how much later
         * than the marks a stamp-based model puts them. Call before the first read.
         *
         * @param channelIndex 0-based; not the last channel, which carries the truth clicks
         * @param description  what truth.json records about it (kind, SNR, ...)
         */
        public synchronized void putReference(int channelIndex, ReferenceSignal signal, Map<String, Object> description) {
            if (channelIndex < 0 || channelIndex >= format.channels() - 1) {
                throw new IllegalArgumentException("reference channel index " + channelIndex + " is not one of 0.."
                        + (format.channels() - 2) + " (the last channel carries the clicks)");
            }
            if (poweredOn) {
                throw new IllegalStateException("the reference must be put before the first read");
            }
            this.reference = signal;
            this.referenceChannel = channelIndex;
            Map<String, Object> d = new LinkedHashMap<>(description);
            d.put("channel", channelIndex + 1);
            truth.parameter("reference", d);
        }

        public SimulationTruth truth() {
            return truth;
        }

        public CaptureFormat format() {
            return format;
        }

        public int bufferFrames() {
            return bufferFrames;
        }

        /** Changes the signal on a channel for a span of device time (silence, clipping); before the first read. */
        public synchronized void signalSpans(java.util.List<SimulatedSignalSpan> spans) {
            for (SimulatedSignalSpan s : spans) {
                if (s.channel() > format.channels()) {
                    throw new IllegalArgumentException("signal span on channel " + s.channel() + " of "
                            + format.channels());
                }
            }
            this.signalSpans = java.util.List.copyOf(spans);
        }

        /** Frames delivered so far, over all connections: the recorded sample index of the next one. */
        public synchronized long deliveredFrames() {
            return deliveredFrames;
        }

        /** Frames the device's counter has produced so far, delivered or lost. */
        public synchronized long deviceFrames() {
            return nextDeviceFrame;
        }

        /** True UTC at which device frame 0 was sampled (the first open), or 0 before that. */
        public synchronized long powerOnTrueNs() {
            return powerOnTrueNs;
        }

        /**
         * Connects. Throws {@link DeviceLostException} while a simulated disconnect lasts: in simulated
         * time, the caller must move the timeline on (e.g. wait on it) before trying again.
         */
        @Override
        public synchronized CaptureDevice open() throws DeviceLostException {
            long now = trueNowNs();
            // A first open only connects: streaming starts with the first read, as a Java Sound line
            // starts on start(), so the caller's set-up does not eat into the device buffer.
            if (poweredOn) {
                if (now < outageUntilTrueNs) {
                    throw new DeviceLostException("the simulated device is disconnected for another "
                            + (outageUntilTrueNs - now) / 1_000_000 + " ms");
                }
                reconnect(now);
            }
            if (current != null) {
                current.connected = false;
            }
            current = new SimulatedDevice(this);
            return current;
        }

        private void powerOn(long now) {
            poweredOn = true;
            powerOnTrueNs = now;
            crystal = new Oscillator(now, 0, cfg.ratePpm(), cfg.wanderPpmPerSqrtHour(), cfg.seed() * 31 + 7);
            nextDeviceFrame = 0;
            lastDeliveryTrueNs = now;
            nextClickSecond = -Math.floorDiv(-now, 1_000_000_000L); // first whole second not before power-on
            nextClickDeviceFrame = nearestDeviceFrame(nextClickSecond * 1_000_000_000L);
        }

        private void reconnect(long now) {
            // The stream restarts with the first frame sampled after now; everything before is gone.
            long firstFrame = Math.max(nextDeviceFrame, framesSampledBy(now));
            long lost = firstFrame - nextDeviceFrame;
            if (openDisconnectFault >= 0) {
                truth.setLostFrames(openDisconnectFault, lost);
                openDisconnectFault = -1;
            } else if (lost > 0) {
                truth.fault("reopen", deliveredFrames, lost, trueNsOfFrame(nextDeviceFrame));
            }
            skipClicks(firstFrame);
            nextDeviceFrame = firstFrame;
            lastDeliveryTrueNs = Math.max(lastDeliveryTrueNs, now);
            truth.counts(deliveredFrames, nextDeviceFrame);
        }

        void closed(SimulatedDevice device) {
            if (current == device) {
                current = null;
            }
            truth.counts(deliveredFrames, nextDeviceFrame);
            truth.checkpoint();
        }

        int read(SimulatedDevice device, byte[] buffer, int frames) throws DeviceLostException {
            if (frames < 1 || (long) frames * format.bytesPerFrame() > buffer.length) {
                throw new IllegalArgumentException("buffer of " + buffer.length + " bytes cannot hold " + frames
                        + " frames of " + format);
            }
            if (!poweredOn) {
                powerOn(trueNowNs());
            }
            while (true) {
                loseOverwrittenFrames();
                long d0 = nextDeviceFrame;
                long d1 = d0 + frames;
                SimulatedDeviceConfig.FaultKind fault = nextFault(deviceBuffers++);
                if (fault == SimulatedDeviceConfig.FaultKind.DISCONNECT) {
                    long lossNs = trueNsOfFrame(d1);
                    waitUntil(lossNs);
                    openDisconnectFault = truth.fault(fault.truthName(), deliveredFrames, -1, lossNs);
                    outageUntilTrueNs = lossNs + cfg.disconnectDurationNs();
                    device.connected = false;
                    current = null;
                    throw new DeviceLostException("simulated disconnect");
                }
                if (fault != null) {
                    truth.fault(fault.truthName(), deliveredFrames, frames, trueNsOfFrame(d0));
                    skipClicks(d1);
                    nextDeviceFrame = d1;
                    if (fault == SimulatedDeviceConfig.FaultKind.OVERRUN) {
                        overrunPending = true;
                    }
                    continue;
                }
                signal.fill(buffer, d0, frames);
                if (reference != null) {
                    if (referenceBlock.length < frames) {
                        referenceBlock = new float[frames];
                    }
                    reference.fill(this::trueNsOfFrame, d0, referenceBlock, 0, frames);
                    signal.putChannel(buffer, referenceChannel, referenceBlock, frames);
                }
                for (SimulatedSignalSpan span : signalSpans) {
                    long a = Math.max(d0, span.firstFrame(format.sampleRateHz()));
                    long b = Math.min(d1, span.endFrame(format.sampleRateHz()));
                    if (a < b) {
                        signal.overwrite(buffer, (int) (a - d0), (int) (b - a), span.channel() - 1,
                                span.kind() == SimulatedSignalSpan.Kind.CLIP);
                    }
                }
                while (nextClickDeviceFrame < d1) {
                    if (nextClickDeviceFrame >= d0) {
                        int at = (int) (nextClickDeviceFrame - d0);
                        signal.click(buffer, at);
                        // The frame's own sampling instant, not the whole second it is nearest to: that
                        // rounding alone is up to half a sample (10 µs at 48 kHz), more than the model's error.
                        truth.click(deliveredFrames + at, trueNsOfFrame(nextClickDeviceFrame));
                    }
                    advanceClick();
                }
                long latencyNs = cfg.latencyBaseNs() + exponential(latencyRandom, cfg.latencyMeanNs());
                if (cfg.outlierProbability() > 0 && latencyRandom.nextDouble() < cfg.outlierProbability()) {
                    latencyNs += cfg.outlierNs();
                }
                long deliveryNs = Math.max(lastDeliveryTrueNs, trueNsOfFrame(d1) + latencyNs);
                lastDeliveryTrueNs = deliveryNs;
                nextDeviceFrame = d1;
                deliveredFrames += frames;
                truth.counts(deliveredFrames, nextDeviceFrame);
                waitUntil(deliveryNs);
                return frames;
            }
        }

        /** A reader more than the device buffer behind finds the oldest frames overwritten. */
        private void loseOverwrittenFrames() {
            long oldestHeld = framesSampledBy(trueNowNs()) - deviceBufferFrames;
            if (nextDeviceFrame < oldestHeld) {
                long lost = oldestHeld - nextDeviceFrame;
                truth.fault(SimulatedDeviceConfig.FaultKind.OVERRUN.truthName(), deliveredFrames, lost,
                        trueNsOfFrame(nextDeviceFrame));
                skipClicks(oldestHeld);
                nextDeviceFrame = oldestHeld;
                overrunPending = true;
            }
        }

        private SimulatedDeviceConfig.FaultKind nextFault(long bufferNumber) {
            for (SimulatedDeviceConfig.ScheduledFault f : cfg.faultSchedule()) {
                if (f.atBuffer() == bufferNumber) {
                    return f.kind();
                }
            }
            double p = cfg.dropoutProbability() + cfg.overrunProbability() + cfg.disconnectProbability();
            if (p <= 0) {
                return null;
            }
            double u = faultRandom.nextDouble();
            if (u < cfg.dropoutProbability()) {
                return SimulatedDeviceConfig.FaultKind.DROPOUT;
            }
            u -= cfg.dropoutProbability();
            if (u < cfg.overrunProbability()) {
                return SimulatedDeviceConfig.FaultKind.OVERRUN;
            }
            u -= cfg.overrunProbability();
            if (u < cfg.disconnectProbability()) {
                return SimulatedDeviceConfig.FaultKind.DISCONNECT;
            }
            return null;
        }

        private void skipClicks(long toDeviceFrame) {
            while (nextClickDeviceFrame < toDeviceFrame) {
                advanceClick();
            }
        }

        private void advanceClick() {
            nextClickSecond++;
            nextClickDeviceFrame = nearestDeviceFrame(nextClickSecond * 1_000_000_000L);
        }

        /** Device frame sampled nearest to true time {@code trueNs}. */
        private long nearestDeviceFrame(long trueNs) {
            long localNs = crystal.localNsAt(trueNs);
            long s = Math.floorDiv(localNs, 1_000_000_000L);
            long r = localNs - s * 1_000_000_000L;
            return s * format.sampleRateHz() + (r * format.sampleRateHz() + 500_000_000L) / 1_000_000_000L;
        }

        /** Frames the counter has sampled by true time {@code trueNs} (frames 0..n-1). */
        private long framesSampledBy(long trueNs) {
            long localNs = crystal.localNsAt(trueNs);
            if (localNs < 0) {
                return 0;
            }
            long s = localNs / 1_000_000_000L;
            long r = localNs % 1_000_000_000L;
            return s * format.sampleRateHz() + r * format.sampleRateHz() / 1_000_000_000L + 1;
        }

        /** True UTC at which device frame {@code n} is sampled. */
        private long trueNsOfFrame(long n) {
            long rate = format.sampleRateHz();
            long localNs = (n / rate) * 1_000_000_000L + (n % rate) * 1_000_000_000L / rate;
            return crystal.trueNsAt(localNs);
        }

        private long trueNowNs() {
            return timeline != null ? timeline.nowNs() : realClock.realtimeNs();
        }

        private static final long MAX_NAP_NS = 2_000_000;

        private void waitUntil(long trueNs) {
            if (timeline != null) {
                timeline.advanceTo(trueNs);
                return;
            }
            // Short naps, not one long one: a virtual CPU left idle for 100 ms can be woken hundreds of
            // ms late (seen on this project's CI machines), while one that wakes every 2 ms is on time.
            long now;
            while ((now = realClock.realtimeNs()) < trueNs) {
                LockSupport.parkNanos(Math.min(trueNs - now, MAX_NAP_NS));
            }
        }

        private static long exponential(SplittableRandom random, long meanNs) {
            if (meanNs <= 0) {
                return 0;
            }
            return Math.round(-Math.log(1.0 - random.nextDouble()) * meanNs);
        }

        /** Finalises the truth (truth.json {@code complete: true}); disconnects any open connection. */
        @Override
        public synchronized void close() {
            if (current != null) {
                current.connected = false;
                current = null;
            }
            truth.counts(deliveredFrames, nextDeviceFrame);
            truth.close();
        }
    }
}
