package io.tidemark.recorder.session;

import io.tidemark.recorder.capture.BufferTiming;
import io.tidemark.recorder.capture.CaptureFormat;
import io.tidemark.recorder.capture.StampSource;
import io.tidemark.recorder.capture.TimedCaptureDevice;
import io.tidemark.recorder.stamp.BufferStamp;
import io.tidemark.recorder.store.SessionEvent;
import io.tidemark.recorder.store.SessionInfo;
import io.tidemark.recorder.store.SessionReader;
import io.tidemark.recorder.store.TimestampStore;
import io.tidemark.sync.clock.ClockReading;
import io.tidemark.sync.clock.ReferenceTime;
import io.tidemark.sync.sim.SimTimeline;
import io.tidemark.sync.sim.SimulatedSystemClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A device that times its own buffers (as ALSA does from the kernel's timestamps): the session stores
 * the device's arrival time, not its own late clock read, moves CLOCK_REALTIME back by as much, keeps
 * the fill level and the source, and logs an overrun's gap with the frame count the device measured,
 * once, without the stamps reporting it a second time.
 */
class KernelTimedSessionTest {

    static final long START_NS = 1_795_000_000_000_000_000L;
    static final CaptureFormat FORMAT = new CaptureFormat(2, 48_000, 16);
    static final int BUFFER = 4800;
    static final long OVERRUN_AT_BUFFER = 150;
    static final long TRULY_LOST_FRAMES = 12_000;
    static final long MEASURED_LOST_FRAMES = 12_030; // the driver's measure, a little off the truth

    /** Buffers every 100 ms; read returns late by a varying scheduler latency; one overrun. */
    static final class KernelTimedFixture implements TimedCaptureDevice {
        final SimTimeline tl;
        final SimulatedSystemClock clock;
        final Map<Long, Long> arrivalBySampleIndex = new HashMap<>();
        long nextArrivalNs;
        long buffers;
        long delivered;
        boolean overrun;
        BufferTiming last;

        KernelTimedFixture(SimTimeline tl, SimulatedSystemClock clock) {
            this.tl = tl;
            this.clock = clock;
            this.nextArrivalNs = tl.nowNs() + 100_000_000L;
        }

        @Override
        public String name() {
            return "kernel-timed fixture";
        }

        @Override
        public CaptureFormat format() {
            return FORMAT;
        }

        @Override
        public int read(byte[] buffer, int frames) {
            long lost = 0;
            if (buffers == OVERRUN_AT_BUFFER) {
                nextArrivalNs += TRULY_LOST_FRAMES * 1_000_000_000L / 48_000;
                overrun = true;
                lost = MEASURED_LOST_FRAMES;
            }
            long latencyNs = 200_000 + (buffers % 5) * 3_000_000 + (buffers % 11 == 4 ? 40_000_000 : 0);
            tl.advanceTo(nextArrivalNs);
            long arrivalRaw = clock.monoRawNs();
            tl.advanceTo(nextArrivalNs + latencyNs);
            arrivalBySampleIndex.put(delivered, arrivalRaw);
            last = new BufferTiming(StampSource.KERNEL, arrivalRaw, latencyNs * 48_000 / 1_000_000_000L, lost);
            nextArrivalNs += frames * 1_000_000_000L / 48_000;
            delivered += frames;
            buffers++;
            return frames;
        }

        @Override
        public BufferTiming lastTiming() {
            return last;
        }

        @Override
        public boolean takeOverrun() {
            boolean o = overrun;
            overrun = false;
            return o;
        }

        @Override
        public void close() {
        }
    }

    @Test
    void storesTheDevicesArrivalTimesFillAndItsMeasuredOverrunGap(@TempDir Path out) throws Exception {
        SimTimeline tl = new SimTimeline(START_NS);
        SimulatedSystemClock clock = new SimulatedSystemClock(tl, 3_000_000L, 0.0, 0, 7);
        KernelTimedFixture device = new KernelTimedFixture(tl, clock);
        RecordingSessionTest.MemorySink sink = new RecordingSessionTest.MemorySink();
        try (SessionFolder folder = SessionFolder.create(out, Instant.ofEpochSecond(0, START_NS), "fixture")) {
            ClockReading start = clock.read();
            TimestampStore store = TimestampStore.create(folder.dir(), new SessionInfo(folder.sessionId(), "fixture",
                    2, 48_000, 16, BUFFER, "h", "t", "{}", true, start.realtimeNs(), start.monoRawNs(), null, null, null));
            RecordingSession session = new RecordingSession(folder, store, () -> device, FORMAT, clock,
                    ReferenceTime.NONE, ReferenceTime.NONE, sink, tl::advanceBy,
                    new RecordingSession.Options(60_000_000_000L, BUFFER, 10_000_000_000L, 1 << 20, 1 << 21,
                            2_000_000_000L), RecordingSession.Listener.NONE);
            RecordingSession.Outcome o = session.run(device);
            store.close();
            assertEquals(RecordingSession.StopReason.COMPLETED, o.stopReason());
            assertEquals(MEASURED_LOST_FRAMES, o.lostFrames(), "the device's measure, counted once");
            try (SessionReader r = SessionReader.open(folder.dir())) {
                assertEquals(o.buffers(), r.buffersStampedBy(StampSource.KERNEL));
                List<BufferStamp> stamps = new ArrayList<>();
                r.forEachBuffer(stamps::add);
                for (BufferStamp s : stamps) {
                    long arrival = device.arrivalBySampleIndex.get(s.sampleIndex());
                    assertEquals(arrival, s.monoRawNs(), "the device's arrival time, not the late clock read");
                    // CLOCK_REALTIME moved back by the same amount: 3 ms ahead of true time, 0 ppm.
                    assertEquals(s.monoRawNs() - start.monoRawNs(), s.sysRealtimeNs() - start.realtimeNs(), 1_000);
                    assertTrue(s.fillFrames() >= 9 && s.fillFrames() <= 2_506, "fill stored: " + s);
                }
                List<SessionEvent> gaps = r.events().stream().filter(e -> e.kind() == SessionEvent.Kind.GAP).toList();
                assertEquals(1, gaps.size(), gaps.toString());
                assertEquals(MEASURED_LOST_FRAMES, (long) gaps.get(0).frames());
                assertEquals(OVERRUN_AT_BUFFER * BUFFER, gaps.get(0).sampleIndex());
                assertTrue(gaps.get(0).detail().contains("measured from the driver's timestamps"), gaps.get(0).detail());
                assertEquals(1, r.eventCount(SessionEvent.Kind.OVERRUN));
            }
        }
    }
}
