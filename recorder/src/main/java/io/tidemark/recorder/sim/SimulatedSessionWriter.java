package io.tidemark.recorder.sim;

import io.tidemark.recorder.audio.BwfFileWriter;
import io.tidemark.recorder.audio.BwfMetadata;
import io.tidemark.recorder.capture.CaptureFormat;
import io.tidemark.recorder.stamp.BufferStamp;
import io.tidemark.recorder.store.SessionInfo;
import io.tidemark.recorder.store.TimestampStore;
import io.tidemark.sync.ntp.NtpSample;
import io.tidemark.sync.sim.SyntheticStampSeries;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongConsumer;
import java.util.function.UnaryOperator;

/**
 * Writes a session folder as the recorder leaves it, from a {@link SyntheticStampSeries} scenario:
 * session.db through the recorder's own {@link TimestampStore}, and optionally audio through its own
 * {@link BwfFileWriter} (a quiet 440 Hz sine on channel 1, a one-sample full-scale click on the last
 * channel at the sample nearest each whole true-UTC second, silence elsewhere) and truth.csv.
 * Without audio it holds only the timing, which is all a fit needs; {@link TimingSessionWriter} writes the
 * same rows much faster (the benchmarks' long sessions), and this is the reference it is tested against.
 */
public final class SimulatedSessionWriter {

    /**
     * Audio to write: channels and bits per sample, files rotated every {@code rotateFrames}. When
     * {@code sparse}, only the buffers holding a click are written (sine and click) and the others are
     * holes of silence, so that a session of many GiB (RF64 export) costs little disk and time.
     */
    public record Audio(int channels, int bitsPerSample, long rotateFrames, boolean sparse) {
        public Audio(int channels, int bitsPerSample, long rotateFrames) {
            this(channels, bitsPerSample, rotateFrames, false);
        }
    }

    private SimulatedSessionWriter() {
    }

    /** The sessions row of a simulated session written into {@code dir}. */
    static SessionInfo sessionInfo(Path dir, SyntheticStampSeries.Scenario s, int channels, int bitsPerSample) {
        return new SessionInfo(dir.getFileName().toString(), "simulated", channels, s.sampleRateHz(), bitsPerSample,
                s.bufferFrames(), "simulation", "simulation", "{}", true, s.startTrueNs(), 0, null, null, null);
    }

    /**
     * @param dir       the session folder to create (must not exist)
     * @param audio     null for timing only
     * @param ntpFilter what the recorder keeps of each NTP exchange (null drops it)
     * @param progress  called with the buffers written so far, now and then
     * @return the clicks: sample index and true UTC ns of each
     */
    public static List<long[]> write(Path dir, SyntheticStampSeries.Scenario s, Audio audio,
                                     UnaryOperator<NtpSample> ntpFilter, LongConsumer progress) throws IOException {
        if (Files.exists(dir)) {
            throw new IOException(dir + " already exists: never overwrite a session");
        }
        Files.createDirectories(dir);
        int channels = audio == null ? 8 : audio.channels();
        int bits = audio == null ? 24 : audio.bitsPerSample();
        SessionInfo info = sessionInfo(dir, s, channels, bits);
        List<long[]> clicks = new ArrayList<>();
        ArrayDeque<Long> pendingClicks = new ArrayDeque<>();
        BwfFileWriter[] w = new BwfFileWriter[1];
        long[] holeFrames = new long[1]; // sparse: silence not yet skipped, so each run becomes one hole
        IOException[] failure = new IOException[1];
        try (TimestampStore store = TimestampStore.create(dir, info)) {
            CaptureFormat fmt = audio == null ? null : new CaptureFormat(channels, s.sampleRateHz(), bits);
            int bytes = bits / 8;
            double sineAmplitude = 0.1 * (1L << (bits - 1));
            long fullScale = (1L << (bits - 1)) - 1;
            ByteBuffer pcm = ByteBuffer.allocate(audio == null ? 0 : s.bufferFrames() * channels * bytes)
                    .order(ByteOrder.LITTLE_ENDIAN);
            long[] seq = new long[1];
            SyntheticStampSeries.generate(s, new SyntheticStampSeries.Sink() {
                @Override
                public void buffer(long sampleIndex, int frames, long monoRawNs, long realtimeNs, int flags) {
                    if (audio != null && failure[0] == null) {
                        try {
                            writeAudio(sampleIndex, frames);
                        } catch (IOException e) {
                            failure[0] = e;
                        }
                    }
                    store.addBuffer(new BufferStamp(seq[0]++, sampleIndex, frames, realtimeNs, monoRawNs, null, null,
                            BufferStamp.withSyncState(flags, BufferStamp.SyncState.NTP)));
                    if (seq[0] % 1_000_000 == 0) {
                        progress.accept(seq[0]);
                    }
                }

                private void writeAudio(long sampleIndex, int frames) throws IOException {
                    if (w[0] == null || w[0].frames() + holeFrames[0] >= audio.rotateFrames()) {
                        if (w[0] != null) {
                            w[0].skipAsHole(holeFrames[0]);
                            holeFrames[0] = 0;
                            w[0].close();
                        }
                        String name = String.format("audio-%03d.wav", sampleIndex / audio.rotateFrames());
                        w[0] = BwfFileWriter.create(dir.resolve(name), name, fmt, BwfMetadata.defaults(), "sim", "1", null,
                                store, sampleIndex);
                        store.fileOpened(name, sampleIndex);
                    }
                    if (audio.sparse() && (pendingClicks.isEmpty() || pendingClicks.peekFirst() >= sampleIndex + frames)) {
                        holeFrames[0] += frames;
                        return;
                    }
                    w[0].skipAsHole(holeFrames[0]);
                    holeFrames[0] = 0;
                    pcm.clear();
                    if (pcm.capacity() < frames * channels * bytes) {
                        throw new IOException("buffer of " + frames + " frames is larger than the scenario's");
                    }
                    for (int i = 0; i < frames; i++) {
                        long n = sampleIndex + i;
                        long sine = Math.round(sineAmplitude * Math.sin(2 * Math.PI * 440 * n / s.sampleRateHz()));
                        boolean click = !pendingClicks.isEmpty() && pendingClicks.peekFirst() == n;
                        if (click) {
                            pendingClicks.removeFirst();
                        }
                        for (int c = 0; c < channels; c++) {
                            long v = c == 0 ? sine : c == channels - 1 && click ? fullScale : 0;
                            for (int b = 0; b < bytes; b++) {
                                pcm.put((byte) (v >> (8 * b)));
                            }
                        }
                    }
                    pcm.flip();
                    w[0].write(pcm);
                }

                @Override
                public void ntp(NtpSample sample) {
                    NtpSample kept = ntpFilter.apply(sample);
                    if (kept != null) {
                        store.accept(kept);
                    }
                }

                @Override
                public void click(long sampleIndex, long trueUtcNs, long bufferEndSample, long bufferRawNs) {
                    pendingClicks.addLast(sampleIndex);
                    clicks.add(new long[]{sampleIndex, trueUtcNs});
                }
            });
            if (w[0] != null) {
                w[0].skipAsHole(holeFrames[0]);
                w[0].close();
            }
            progress.accept(seq[0]);
        }
        if (failure[0] != null) {
            throw failure[0];
        }
        try (BufferedWriter csv = Files.newBufferedWriter(dir.resolve("truth.csv"))) {
            csv.write("sample_index,true_utc_ns\n");
            for (long[] c : clicks) {
                csv.write(c[0] + "," + c[1] + "\n");
            }
        }
        return clicks;
    }
}
