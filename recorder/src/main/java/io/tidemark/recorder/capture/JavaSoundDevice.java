package io.tidemark.recorder.capture;


import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioSystem;
import javax.sound.sampled.DataLine;
import javax.sound.sampled.LineUnavailableException;
import javax.sound.sampled.Mixer;
import javax.sound.sampled.TargetDataLine;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * A real capture device through Java Sound's {@link TargetDataLine}: the ALSA devices on Linux
 * (a Zoom F8 over USB, Dante Virtual Soundcard, "default"), DirectSound/WASAPI on Windows.
 *
 * <p>Java Sound reports neither overruns nor unplugging, so both are inferred:
 * <ul>
 * <li>overrun: before a read, the line's buffer is (nearly) full, so the driver had nowhere to put
 * new audio; or the line's frame position ran ahead of the frames read plus those waiting;</li>
 * <li>device lost: the line closed under us, Java Sound threw, or a read made no progress for
 * {@link #stallTimeoutNs()} (a watchdog closes the line, which ends the blocked read).</li>
 * </ul>
 */
public final class JavaSoundDevice implements CaptureDevice {

    /** The device buffer is at least this long, so a hiccup of the reader loses nothing. */
    public static final long MIN_DEVICE_BUFFER_NS = 2_000_000_000L;
    private static final long MIN_STALL_NS = 5_000_000_000L;

    private static final ScheduledExecutorService WATCHDOG = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "capture-watchdog");
        t.setDaemon(true);
        return t;
    });

    private final String name;
    private final CaptureFormat format;
    private final TargetDataLine line;
    private final int bytesPerFrame;
    private final int lineBufferBytes;
    private final long stallTimeoutNs;
    private long framesRead;
    private long positionLeadFrames = Long.MIN_VALUE;
    private boolean overrun;
    private volatile boolean stalled;
    private volatile boolean closed;

    private JavaSoundDevice(String name, CaptureFormat format, TargetDataLine line, int bufferFrames) {
        this.name = name;
        this.format = format;
        this.line = line;
        this.bytesPerFrame = format.bytesPerFrame();
        this.lineBufferBytes = line.getBufferSize();
        long lineBufferNs = (long) (lineBufferBytes / bytesPerFrame) * 1_000_000_000L / format.sampleRateHz();
        long readNs = (long) bufferFrames * 1_000_000_000L / format.sampleRateHz();
        this.stallTimeoutNs = Math.max(MIN_STALL_NS, Math.max(2 * lineBufferNs, 4 * readNs));
    }

    /**
     * Finds the device now (so a wrong name or format fails at once, as a {@link CaptureException}) and
     * returns an opener that opens it, and reopens it by its exact name after it was lost.
     *
     * @param nameOrSubstring exact Java Sound mixer name, or a case-insensitive part of its name or
     *                        description ("ZOOM F8", "Dante Virtual Soundcard", "default")
     * @param bufferFrames    the frames each {@link #read} will ask for; the device buffer is
     *                        max(2 s, 8 reads)
     */
    public static DeviceOpener opener(String nameOrSubstring, CaptureFormat format, int bufferFrames) {
        if (bufferFrames < 1) {
            throw new IllegalArgumentException("bufferFrames must be positive");
        }
        Mixer.Info info = DeviceCatalog.find(nameOrSubstring);
        if (!DeviceCatalog.supports(AudioSystem.getMixer(info), format)) {
            throw new CaptureException("capture device '" + info.getName() + "' does not support " + format,
                    "run 'tidemark devices' to see its formats and pick --channels, --rate and --bits from them");
        }
        String exactName = info.getName();
        return () -> open(exactName, format, bufferFrames);
    }

    private static JavaSoundDevice open(String exactName, CaptureFormat format, int bufferFrames)
            throws DeviceLostException {
        Mixer.Info info = DeviceCatalog.findExact(exactName);
        if (info == null) {
            throw new DeviceLostException("capture device '" + exactName + "' is not present");
        }
        AudioFormat af = CaptureFormats.toAudioFormat(format);
        long bufferFramesWanted = Math.max(format.framesIn(MIN_DEVICE_BUFFER_NS), 8L * bufferFrames);
        int bufferBytes = (int) Math.min(Integer.MAX_VALUE / 2, bufferFramesWanted * format.bytesPerFrame());
        TargetDataLine line = null;
        try {
            line = (TargetDataLine) AudioSystem.getMixer(info).getLine(new DataLine.Info(TargetDataLine.class, af));
            line.open(af, bufferBytes);
            return new JavaSoundDevice(exactName, format, line, bufferFrames);
        } catch (LineUnavailableException | RuntimeException e) {
            if (line != null) {
                line.close();
            }
            throw new DeviceLostException("cannot open capture device '" + exactName + "' as " + format + ": "
                    + e.getMessage(), e);
        }
    }

    private boolean started;

    @Override
    public String name() {
        return name;
    }

    @Override
    public CaptureFormat format() {
        return format;
    }

    /** The line's buffer as Java Sound granted it, in bytes. */
    public int lineBufferBytes() {
        return lineBufferBytes;
    }

    /** A read that makes no progress for this long means the device is gone. */
    public long stallTimeoutNs() {
        return stallTimeoutNs;
    }

    @Override
    public int read(byte[] buffer, int frames) throws DeviceLostException {
        int len = frames * bytesPerFrame;
        if (frames < 1 || len > buffer.length) {
            throw new IllegalArgumentException("buffer of " + buffer.length + " bytes cannot hold " + frames
                    + " frames of " + format);
        }
        if (closed) {
            throw new DeviceLostException("capture device '" + name + "' was closed");
        }
        try {
            if (!line.isOpen()) {
                throw new DeviceLostException("capture device '" + name + "' closed its stream");
            }
            if (!started) {
                // Capture starts with the first read, not at open: whatever the caller does in between
                // (creating the session, its database) must not eat into the line's buffer.
                line.start();
                started = true;
            }
            int waitingBytes = line.available();
            // A full buffer means the driver had to drop what came in meanwhile.
            if (waitingBytes >= lineBufferBytes - Math.max(bytesPerFrame, len / 4)) {
                overrun = true;
            }
            ScheduledFuture<?> watchdog = WATCHDOG.schedule(this::stall, stallTimeoutNs, TimeUnit.NANOSECONDS);
            int off = 0;
            try {
                awaitAvailable(len);
                while (off < len) {
                    int n = line.read(buffer, off, len - off);
                    if (n <= 0 && (stalled || closed || !line.isOpen())) {
                        break;
                    }
                    off += Math.max(n, 0);
                    if (off < len && (stalled || closed || !line.isOpen())) {
                        break;
                    }
                }
            } finally {
                watchdog.cancel(false);
            }
            if (off < len) {
                throw new DeviceLostException(stalled
                        ? "capture device '" + name + "' delivered nothing for " + stallTimeoutNs / 1_000_000 + " ms"
                        : "capture device '" + name + "' stopped delivering");
            }
            framesRead += frames;
            checkFramePosition();
            return frames;
        } catch (IllegalStateException | IllegalArgumentException e) {
            throw new DeviceLostException("capture device '" + name + "' failed: " + e.getMessage(), e);
        }
    }

    /**
     * Waits until {@code len} bytes are waiting, so that the {@code read} after it returns at once.
     * Java Sound's own read, when the data is not there yet, sleeps a quarter of the line's buffer
     * (500 ms for our 2 s) before it looks again: every read would then return on that sleep's
     * cadence, not when its last frame arrived, and the stamps would measure Java Sound's timer
     * (seen: 500.5 ms bursts, -650 ppm, for a stream at +300 ppm). So sleep until about when the
     * data should be there, then look every {@link #FINE_NAP_NS}: a stamp is late by at most that.
     */
    private void awaitAvailable(int len) {
        while (!stalled && !closed && line.isOpen()) {
            int missingBytes = len - line.available();
            if (missingBytes <= 0) {
                return;
            }
            long missingNs = (long) (missingBytes / bytesPerFrame) * 1_000_000_000L / format.sampleRateHz();
            LockSupport.parkNanos(Math.min(COARSE_NAP_MAX_NS, Math.max(FINE_NAP_NS, missingNs - 2 * FINE_NAP_NS)));
        }
    }

    private static final long FINE_NAP_NS = 1_000_000L;
    /** Longer naps risk waking late on a virtual machine whose idle CPU the host has descheduled. */
    private static final long COARSE_NAP_MAX_NS = 10_000_000L;

    /**
     * The line's position counts frames the device captured; read + waiting should equal it. If it
     * runs ahead by more than one read since last time, frames were dropped in between.
     */
    private void checkFramePosition() {
        long position = line.getLongFramePosition();
        long waitingFrames = line.available() / bytesPerFrame;
        long lead = position - framesRead - waitingFrames;
        if (positionLeadFrames != Long.MIN_VALUE
                && lead - positionLeadFrames > Math.max(format.sampleRateHz() / 10, lineBufferBytes / bytesPerFrame / 4)) {
            overrun = true;
        }
        positionLeadFrames = lead;
    }

    private void stall() {
        stalled = true;
        line.close();
    }

    @Override
    public boolean takeOverrun() {
        boolean o = overrun;
        overrun = false;
        return o;
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            line.stop();
        } finally {
            line.close();
        }
    }
}
