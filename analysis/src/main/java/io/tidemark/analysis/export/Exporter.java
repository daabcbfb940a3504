package io.tidemark.analysis.export;

import io.tidemark.analysis.model.TimeModel;
import io.tidemark.analysis.resample.SincResampler;
import io.tidemark.common.UtcNanos;
import io.tidemark.recorder.audio.AudioFileListener;
import io.tidemark.recorder.audio.BwfFileWriter;
import io.tidemark.recorder.audio.BwfMetadata;
import io.tidemark.recorder.audio.TimeReference;
import io.tidemark.recorder.capture.CaptureFormat;
import io.tidemark.common.SoftwareVersion;
import io.tidemark.analysis.model.SampleUtcModel;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.DoubleConsumer;
import java.util.stream.IntStream;

/**
 * Cuts [from, to) UTC out of a session into one Broadcast WAV (RF64 past 4 GiB), across file
 * boundaries. Without resampling it copies whole device samples and places the first in bext/iXML;
 * with resampling it puts output sample k at exactly t0 + k/fs UTC (t0 the first whole-sample
 * instant at or after {@code from} on the nominal-rate grid since midnight), reading the device
 * samples through a windowed-sinc interpolator at the model's fractional positions.
 */
public final class Exporter {

    /** Output frames per resampling step (the kernel arithmetic, not I/O, sets its pace). */
    private static final int RESAMPLE_BLOCK_FRAMES = 4800;
    /** Bytes read per step when copying or picking channels: big enough that per-call costs vanish. */
    private static final int COPY_BLOCK_BYTES = 8 << 20;

    public record Result(Path file, long frames, long firstUtcNs, double uncertaintyNs, long timeReference,
                         double measuredRateHz, long bytes, double seconds) {
    }

    private Exporter() {
    }

    public static Result export(Path sessionDir, TimeModel m, long fromUtcNs, long toUtcNs, List<Integer> channels,
                                boolean resample, Path out, DoubleConsumer progress) throws IOException {
        if (toUtcNs <= fromUtcNs) {
            throw new ExportException("--to must be after --from", "give a later --to");
        }
        int fs = m.sampleRateHz();
        if (resample) {
            // The grid of whole nominal-rate samples since the Unix epoch (midnight is on it).
            long gridFirst = ceilDiv(fromUtcNs, fs);
            long gridEnd = ceilDiv(toUtcNs, fs);
            return write(sessionDir, m, -1, gridNs(gridFirst, fs), gridEnd - gridFirst, channels, out, "Export", progress);
        }
        refuseExisting(out);
        SampleUtcModel model = m.model();
        checkInside(model, fromUtcNs, toUtcNs);
        long firstSample = (long) Math.ceil(model.samplePositionAt(fromUtcNs, 0.5) - 1e-9);
        long frames = (long) Math.ceil(model.samplePositionAt(toUtcNs, 0.5) - 1e-9) - firstSample;
        return write(sessionDir, m, firstSample, model.utcNsAt(firstSample), frames, channels, out, "Export", progress);
    }

    /**
     * Resamples onto exact UTC at the nominal rate from an arbitrary instant: output sample k is at
     * {@code firstUtcNs} + k/fs. {@code purpose} opens the bext Description ("Export", "Aligned to v.mkv").
     */
    public static Result exportResampled(Path sessionDir, TimeModel m, long firstUtcNs, long frames,
                                         List<Integer> channels, Path out, String purpose, DoubleConsumer progress)
            throws IOException {
        if (frames <= 0) {
            throw new ExportException("the interval to export is empty", "give a positive duration");
        }
        return write(sessionDir, m, -1, firstUtcNs, frames, channels, out, purpose, progress);
    }

    /**
     * Resamples onto exact UTC at the nominal rate from {@code firstUtcNs}, output sample k at firstUtcNs + k/fs,
     * across several sessions: each {@link ExportPiece} in turn supplies its frames from its session, or
     * silence. {@code notes} (e.g. the spans filled with silence) go into the iXML NOTE after the description.
     */
    public static Result exportPieces(List<ExportPiece> pieces, long firstUtcNs, List<Integer> channels, Path out,
                                      String purpose, List<String> notes, DoubleConsumer progress) throws IOException {
        if (pieces.stream().mapToLong(ExportPiece::frames).sum() <= 0) {
            throw new ExportException("the interval to export is empty", "give a positive duration");
        }
        return write(pieces, -1, firstUtcNs, channels, out, purpose, notes, progress);
    }

    /** Copies device samples from {@code firstSample} on, or (firstSample &lt; 0) resamples onto firstUtc + k/fs. */
    private static Result write(Path sessionDir, TimeModel m, long firstSample, long firstUtc, long frames,
                                List<Integer> channels, Path out, String purpose, DoubleConsumer progress)
            throws IOException {
        return write(List.of(new ExportPiece(sessionDir, m, frames)), firstSample, firstUtc, channels, out, purpose,
                List.of(), progress);
    }

    /**
     * Writes the pieces one after the other: copying device samples from {@code firstSample} on (one piece only),
     * or (firstSample &lt; 0) resampling onto firstUtc + k/fs, k counted across the pieces.
     */
    private static Result write(List<ExportPiece> pieces, long firstSample, long firstUtc, List<Integer> channels,
                                Path out, String purpose, List<String> notes, DoubleConsumer progress)
            throws IOException {
        refuseExisting(out);
        boolean resample = firstSample < 0;
        long t0Wall = System.nanoTime();
        ExportPiece lead = pieces.stream().filter(p -> !p.silence()).findFirst().orElseThrow(() -> new ExportException(
                "nothing was recorded in the interval", "choose an interval inside a session"));
        TimeModel m = lead.model();
        SampleUtcModel model = m.model();
        int fs = m.sampleRateHz();
        long frames = pieces.stream().mapToLong(ExportPiece::frames).sum();
        long leadOffset = 0;
        for (ExportPiece p : pieces) {
            if (p == lead) {
                break;
            }
            leadOffset += p.frames();
        }
        if (resample) {
            long k0 = 0;
            for (ExportPiece p : pieces) {
                if (!p.silence() && p.frames() > 0) {
                    checkInside(p.model().model(), firstUtc + gridNs(k0, fs), firstUtc + gridNs(k0 + p.frames() - 1, fs));
                }
                k0 += p.frames();
            }
        }
        try (SessionAudio leadAudio = new SessionAudio(lead.sessionDir(), m.files())) {
            SessionAudio audio = leadAudio;
            int inCh = audio.format().channels();
            int[] all = IntStream.range(0, inCh).toArray();
            int[] pick = channels == null || channels.isEmpty() ? all : channels.stream().mapToInt(c -> c - 1).toArray();
            for (int c : pick) {
                if (c < 0 || c >= inCh) {
                    throw new ExportException("channel " + (c + 1) + " does not exist (the session has " + inCh + ")",
                            "give channels between 1 and " + inCh);
                }
            }
            int bits = audio.format().bitsPerSample();
            int bytesPer = bits / 8;
            boolean isFloat = audio.format().isFloat();
            CaptureFormat outFormat = new CaptureFormat(pick.length, fs, audio.format().captureFormat().encoding());
            long sampleAtStart = resample ? Math.round(model.samplePositionAt(firstUtc + gridNs(leadOffset, fs), 0.5))
                    : firstSample;
            double uncertainty = model.uncertaintyNsAt(sampleAtStart);
            double ratePpm = model.ratePpm(model.clockSegmentAt(sampleAtStart));
            double measuredRate = fs * (1 + ratePpm * 1e-6);
            TimeReference ref = TimeReference.of(firstUtc, fs);
            BwfMetadata meta = new BwfMetadata("Tidemark", null, String.format(Locale.ROOT,
                    "%s. First sample at %s UTC +- %.1f us (1 sigma). Measured device rate %.4f Hz.%s %s",
                    purpose, ref.utcMicros(), uncertainty / 1e3, measuredRate,
                    resample ? " Resampled onto exact UTC." : "", m.inputLatency().metadataNote())
                    + (notes.isEmpty() ? "" : " " + String.join(" ", notes)),
                    List.of(), (int) Math.round(measuredRate), SoftwareVersion.get());
            String name = out.getFileName().toString();
            BwfFileWriter w = BwfFileWriter.create(out, name, outFormat, meta, "export", "1", ref, AudioFileListener.NONE, 0);
            int inBa = audio.blockAlign();
            int outBa = pick.length * bytesPer;
            boolean asRecorded = Arrays.equals(pick, all);
            int blockFrames = resample ? RESAMPLE_BLOCK_FRAMES : Math.max(1, COPY_BLOCK_BYTES / inBa);
            SincResampler sinc = resample ? SincResampler.highQuality() : null;
            int hw = sinc == null ? 0 : sinc.halfWidth() + 2;
            int inFrames = resample ? blockFrames * 2 + 2 * hw + 8 : blockFrames;
            byte[] outBuf = resample || !asRecorded ? new byte[blockFrames * outBa] : null;
            byte[] inBuf = resample || !asRecorded ? new byte[inFrames * inBa] : null;
            float[] inF = resample ? new float[inFrames * inCh] : null;
            double[] kernel = new double[sinc == null ? 0 : sinc.taps()];
            double[] frame = new double[inCh];
            ByteBuffer outFloats = resample && isFloat ? ByteBuffer.wrap(outBuf).order(ByteOrder.LITTLE_ENDIAN) : null;
            long done = 0;
            long pieceEnd = 0;
            long lastReport = System.nanoTime();
            List<SessionAudio> opened = new java.util.ArrayList<>();
            try {
                for (ExportPiece piece : pieces) {
                    pieceEnd += piece.frames();
                    if (piece.silence()) {
                        java.util.Arrays.fill(outBuf, (byte) 0);
                    } else if (piece != lead) {
                        audio = new SessionAudio(piece.sessionDir(), piece.model().files());
                        opened.add(audio);
                        if (audio.format().channels() != inCh || audio.format().bitsPerSample() != bits
                                || audio.format().isFloat() != isFloat || piece.model().sampleRateHz() != fs) {
                            throw new ExportException(piece.sessionDir().getFileName() + " was recorded in another format ("
                                    + audio.format().channels() + " ch, " + audio.format().bitsPerSample() + " bit, "
                                    + piece.model().sampleRateHz() + " Hz) than " + lead.sessionDir().getFileName(),
                                    "export the sessions separately");
                        }
                        model = piece.model().model();
                    } else {
                        audio = leadAudio;
                        model = m.model();
                    }
                    while (done < pieceEnd) {
                        int n = (int) Math.min(blockFrames, pieceEnd - done);
                        if (piece.silence()) {
                            w.write(ByteBuffer.wrap(outBuf, 0, n * outBa));
                        } else if (!resample && asRecorded) {
                            audio.copyTo(firstSample + done, n, w);
                        } else if (!resample) {
                            audio.readPcm(firstSample + done, n, inBuf);
                            pickChannels(inBuf, inCh, pick, bytesPer, n, outBuf);
                            w.write(ByteBuffer.wrap(outBuf, 0, n * outBa));
                        } else {
                            long blockUtc = firstUtc + gridNs(done, fs);
                            double p0 = model.samplePositionAt(blockUtc, 2);
                            double p1 = model.samplePositionAt(firstUtc + gridNs(done + n, fs), 2);
                            if (Double.isNaN(p0) || Double.isNaN(p1) || p1 - p0 > 2 * n) {
                                throw new ExportException("the interval crosses a gap in the recording near "
                                        + TimeReference.of(blockUtc, fs).utcMicros(),
                                        "export the parts before and after the gap separately");
                            }
                            long base = (long) Math.floor(p0) - hw;
                            int span = (int) (Math.ceil(p1) - base) + hw + 1;
                            audio.readPcm(base, span, inBuf);
                            audio.toFloat(inBuf, span, inF);
                            double scale = (1L << (bits - 1));
                            for (int k = 0; k < n; k++) {
                                double pos = p0 + (p1 - p0) * k / n - base;
                                sinc.framesAt(inF, inCh, pos, kernel, frame);
                                for (int c = 0; c < pick.length; c++) {
                                    double v = frame[pick[c]];
                                    if (isFloat) {
                                        // Float keeps what lies beyond full scale: no clipping stage.
                                        outFloats.putFloat((k * pick.length + c) * 4, (float) v);
                                        continue;
                                    }
                                    long q = Math.round(v * scale);
                                    q = Math.max(-(1L << (bits - 1)), Math.min((1L << (bits - 1)) - 1, q));
                                    int o = (k * pick.length + c) * bytesPer;
                                    for (int by = 0; by < bytesPer; by++) {
                                        outBuf[o + by] = (byte) (q >> (8 * by));
                                    }
                                }
                            }
                            w.write(ByteBuffer.wrap(outBuf, 0, n * outBa));
                        }
                        done += n;
                        if (System.nanoTime() - lastReport > 1_000_000_000L) {
                            progress.accept((double) done / frames);
                            lastReport = System.nanoTime();
                        }
                    }
                }
            } finally {
                w.close();
                for (SessionAudio a : opened) {
                    a.close();
                }
            }
            progress.accept(1.0);
            patchBextDescription(out, meta.note());
            double seconds = (System.nanoTime() - t0Wall) / 1e9;
            return new Result(out, frames, firstUtc, uncertainty, ref.samplesSinceMidnight(), measuredRate,
                    Files.size(out), seconds);
        }
    }

    private static void refuseExisting(Path out) {
        if (Files.exists(out)) {
            throw new ExportException(out + " already exists", "choose another --out; Tidemark never overwrites a file");
        }
    }

    private static void checkInside(SampleUtcModel model, long fromNs, long lastNs) {
        if (Double.isNaN(model.samplePositionAt(fromNs, 0.5)) || Double.isNaN(model.samplePositionAt(lastNs, 0.5))) {
            var segs = model.clockSegments();
            long recordedFirst = model.utcNsAt(segs.get(0).firstSample());
            long recordedEnd = model.utcNsAt(segs.get(segs.size() - 1).endSample());
            throw new ExportException("the interval " + UtcNanos.toInstant(fromNs) + " to " + UtcNanos.toInstant(lastNs)
                    + " is not inside the recording (" + UtcNanos.toInstant(recordedFirst) + " to "
                    + UtcNanos.toInstant(recordedEnd)
                    + (segs.size() > 1 ? ", with " + (segs.size() - 1) + " gap(s)" : "") + ")",
                    "see 'tidemark query SESSION --summary' for the recorded spans");
        }
    }

    /** Copies the picked channels of n frames, sample by sample (a few bytes each: a plain loop beats arraycopy). */
    private static void pickChannels(byte[] in, int inCh, int[] pick, int bytesPer, int n, byte[] out) {
        int inBa = inCh * bytesPer;
        int o = 0;
        for (int k = 0, frame = 0; k < n; k++, frame += inBa) {
            for (int c : pick) {
                int i = frame + c * bytesPer;
                for (int by = 0; by < bytesPer; by++) {
                    out[o++] = in[i + by];
                }
            }
        }
    }

    public static long ceilDiv(long utcNs, int fs) {
        // Smallest grid index g with g * 1e9 / fs >= utcNs, without overflow.
        long sec = Math.floorDiv(utcNs, 1_000_000_000L);
        long ns = Math.floorMod(utcNs, 1_000_000_000L);
        return sec * fs + (ns * fs + 999_999_999L) / 1_000_000_000L;
    }

    /** UTC ns of grid index g (rounded to the nearest ns). */
    public static long gridNs(long g, int fs) {
        long sec = Math.floorDiv(g, fs);
        long rem = Math.floorMod(g, fs);
        return sec * 1_000_000_000L + (rem * 1_000_000_000L + fs / 2) / fs;
    }

    /** Replaces the bext Description (the first 256 bytes of the bext body) with an export's own. */
    static void patchBextDescription(Path file, String text) throws IOException {
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            long pos = 12;
            byte[] id = new byte[4];
            while (pos + 8 <= f.length()) {
                f.seek(pos);
                f.readFully(id);
                long size = Integer.toUnsignedLong(Integer.reverseBytes(f.readInt()));
                if (new String(id, StandardCharsets.US_ASCII).equals("bext")) {
                    byte[] d = new byte[256];
                    byte[] t = text.getBytes(StandardCharsets.US_ASCII);
                    System.arraycopy(t, 0, d, 0, Math.min(255, t.length));
                    f.seek(pos + 8);
                    f.write(d);
                    return;
                }
                if (new String(id, StandardCharsets.US_ASCII).equals("data")) {
                    return;
                }
                pos += 8 + size + (size & 1);
            }
        }
    }
}
