package io.tidemark.recorder.audio;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * Finishes WAV files a crash left unfinished: the header's sizes are stale or zero while the file holds
 * more audio. Sets them from the file's length rounded down to whole frames (turning the file into
 * RF64 in its reserved JUNK chunk when it is past 4 GiB), and the fact chunk's frame count (which
 * float players read). Only header size fields are rewritten: no
 * byte of audio is removed, no file is truncated or deleted.
 */
public final class BwfRepair {

    /**
     * What was found in one file.
     *
     * @param framesBefore frames the header claimed
     * @param framesAfter  frames it claims now (the whole frames on disk when repaired)
     * @param repaired     the header was rewritten
     */
    public record Result(Path path, long framesBefore, long framesAfter, boolean repaired) {
    }

    private BwfRepair() {
    }

    /** Repairs every {@code *.wav} directly in {@code sessionDir}; returns only the files it repaired. */
    public static List<Result> repairAll(Path sessionDir) throws IOException {
        List<Result> repaired = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(sessionDir, "*.wav")) {
            List<Path> sorted = new ArrayList<>();
            files.forEach(sorted::add);
            sorted.sort(null);
            for (Path f : sorted) {
                if (Files.isRegularFile(f)) {
                    Result r = repair(f);
                    if (r.repaired()) {
                        repaired.add(r);
                    }
                }
            }
        }
        return repaired;
    }

    /**
     * Repairs one file if its header does not describe all of its whole frames.
     *
     * @throws BwfFormatException when the header itself is too damaged to find the audio
     */
    public static Result repair(Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            RiffLayout layout = RiffLayout.scan(file, ch);
            WaveFormat format = WaveFormat.parse(file, RiffLayout.read(ch, layout.fmtOffset(), layout.fmtSize()));
            int blockAlign = format.blockAlign();
            long length = ch.size();
            long available = Math.max(0, length - layout.dataOffset());
            long frames = available / blockAlign;
            long dataBytes = frames * blockAlign;
            long declared = layout.declaredDataBytes() < 0 ? available : layout.declaredDataBytes();
            long framesBefore = Math.min(declared, available) / blockAlign;
            boolean padPresent = (dataBytes & 1) == 1 && available > dataBytes;
            long riffSize = layout.dataOffset() - 8 + dataBytes + (padPresent ? 1 : 0);
            if (declared == dataBytes && layout.declaredRiffSize() == riffSize
                    && factMatches(ch, layout, riffSize, frames)) {
                return new Result(file, framesBefore, framesBefore, false);
            }
            if (declared < dataBytes && hasChunksAfter(ch, layout.dataOffset() + declared, length)) {
                // a complete data chunk followed by other chunks: finished, not ours to change
                return new Result(file, framesBefore, framesBefore, false);
            }
            writeSizes(file, ch, layout, riffSize, dataBytes, frames);
            ch.force(true);
            return new Result(file, framesBefore, frames, true);
        }
    }

    private static void writeSizes(Path file, FileChannel ch, RiffLayout layout, long riffSize, long dataBytes,
                                   long frames) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
        if (layout.factOffset() >= 0) {
            put(ch, b.clear().putInt((int) factFrames(layout, riffSize, frames)).flip(), layout.factOffset());
        }
        if (riffSize <= BwfFileWriter.RIFF_LIMIT && !layout.rf64()) {
            put(ch, b.clear().put(ascii("RIFF")).putInt((int) riffSize).flip(), 0);
            put(ch, b.clear().putInt((int) dataBytes).flip(), layout.dataSizeFieldOffset());
            return;
        }
        if (layout.ds64Offset() < 0) {
            throw new BwfFormatException(file, "holds more than 4 GiB of audio but has no JUNK chunk to turn into"
                    + " ds64; its header cannot describe it in place");
        }
        ByteBuffer ds64 = ByteBuffer.allocate(8 + BwfFileWriter.DS64_BODY).order(ByteOrder.LITTLE_ENDIAN);
        ds64.put(ascii("ds64")).putInt(BwfFileWriter.DS64_BODY).putLong(riffSize).putLong(dataBytes).putLong(frames);
        if (layout.rf64()) {
            // keep the table length (and any table) of the existing ds64
            ds64.limit(8 + 24);
        } else {
            ds64.putInt(0);
        }
        put(ch, ds64.flip(), layout.ds64Offset());
        put(ch, b.clear().putInt(-1).flip(), layout.dataSizeFieldOffset());
        if (layout.rf64()) {
            put(ch, b.clear().putInt(-1).flip(), 4);
        } else {
            put(ch, b.clear().put(ascii("RF64")).putInt(-1).flip(), 0);
        }
    }

    /** The fact chunk's count: the frames, or 0xFFFFFFFF in an RF64 file (its ds64 holds the count). */
    private static long factFrames(RiffLayout layout, long riffSize, long frames) {
        return layout.rf64() || riffSize > BwfFileWriter.RIFF_LIMIT ? 0xFFFF_FFFFL : frames;
    }

    /** No fact chunk, or one that already gives the right count. */
    private static boolean factMatches(FileChannel ch, RiffLayout layout, long riffSize, long frames)
            throws IOException {
        if (layout.factOffset() < 0) {
            return true;
        }
        long stored = Integer.toUnsignedLong(RiffLayout.read(ch, layout.factOffset(), 4).getInt(0));
        return stored == factFrames(layout, riffSize, frames);
    }

    /** The bytes from {@code pos} to the end are a chain of well-formed chunks. */
    private static boolean hasChunksAfter(FileChannel ch, long pos, long length) throws IOException {
        long p = pos + (pos & 1);
        if (p + 8 > length) {
            return false;
        }
        while (p + 8 <= length) {
            ByteBuffer h = RiffLayout.read(ch, p, 8);
            for (int i = 0; i < 4; i++) {
                int c = h.get(i) & 0xFF;
                if (c < 0x20 || c > 0x7E) {
                    return false;
                }
            }
            long size = Integer.toUnsignedLong(h.getInt(4));
            p += 8 + size + (size & 1);
        }
        return p == length || p == length + 1;
    }

    private static void put(FileChannel ch, ByteBuffer b, long pos) throws IOException {
        while (b.hasRemaining()) {
            pos += ch.write(b, pos);
        }
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
