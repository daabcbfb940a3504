package io.tidemark.app.bench;

import io.tidemark.recorder.capture.CaptureDevice;
import io.tidemark.recorder.capture.CaptureFormat;

import java.util.SplittableRandom;
import java.util.concurrent.locks.LockSupport;

/**
 * A capture device for {@link RecorderCpuBenchmark} only: it hands out one pre-generated buffer of
 * noise, either as fast as it is read or paced at the nominal rate on {@code System.nanoTime} with
 * one sleep per buffer. Its own cost is a memcpy per read (what a real driver's read costs too), so
 * the CPU the benchmark measures is the recorder's, not a device simulation's (the simulated device
 * generates faults, clicks, latencies and its truth, and naps every 2 ms).
 */
final class ReplayDevice implements CaptureDevice {

    private final CaptureFormat format;
    private final byte[] audio;
    private final boolean paced;
    private long deliveredFrames;
    private long startNs;

    /** @param paced true: deliver in real time; false: as fast as the reader asks */
    ReplayDevice(CaptureFormat format, int bufferFrames, boolean paced) {
        this.format = format;
        this.audio = new byte[bufferFrames * format.bytesPerFrame()];
        new SplittableRandom(1).nextBytes(audio);
        this.paced = paced;
    }

    @Override
    public String name() {
        return paced ? "replay (real time)" : "replay (unpaced)";
    }

    @Override
    public CaptureFormat format() {
        return format;
    }

    @Override
    public int read(byte[] buffer, int frames) {
        if (paced) {
            if (deliveredFrames == 0) {
                startNs = System.nanoTime();
            }
            long dueNs = startNs + (deliveredFrames + frames) * 1_000_000_000L / format.sampleRateHz();
            long now;
            while ((now = System.nanoTime()) < dueNs) {
                LockSupport.parkNanos(dueNs - now);
            }
        }
        int bytes = frames * format.bytesPerFrame();
        System.arraycopy(audio, 0, buffer, 0, Math.min(bytes, audio.length));
        deliveredFrames += frames;
        return frames;
    }

    @Override
    public boolean takeOverrun() {
        return false;
    }

    @Override
    public void close() {
    }
}
