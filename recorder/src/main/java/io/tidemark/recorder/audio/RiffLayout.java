package io.tidemark.recorder.audio;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * Where the chunks of a RIFF/RF64 WAVE file lie, read from its header up to the data chunk, with the
 * sizes as declared (which after a crash may be stale or zero). Shared by {@link BwfReader} and
 * {@link BwfRepair}; every inconsistency that makes the file unreadable is a {@link BwfFormatException}.
 *
 * @param rf64            form "RF64" (or "BW64") with a ds64 chunk
 * @param ds64Offset      file offset of the ds64 (RF64) or of a JUNK chunk right after WAVE with room
 *                        for one (RIFF), else -1
 * @param declaredRiffSize RIFF size from the header (ds64 for RF64)
 * @param factOffset      file offset of the fact chunk's body (its frame count), else -1
 * @param dataOffset      first byte of audio
 * @param declaredDataBytes data chunk size from the header (ds64 for RF64); -1 for the "to end of
 *                        file" 0xFFFFFFFF some streaming writers leave in a plain RIFF
 */
record RiffLayout(Path file, long fileLength, boolean rf64, long ds64Offset, long declaredRiffSize,
                  long fmtOffset, int fmtSize, long factOffset, long bextOffset, int bextSize, long ixmlOffset, int ixmlSize,
                  long dataSizeFieldOffset, long dataOffset, long declaredDataBytes) {

    private static final int MAX_HEADER_CHUNK = 16 << 20;

    static RiffLayout scan(Path file, FileChannel ch) throws IOException {
        long length = ch.size();
        if (length < 12) {
            throw new BwfFormatException(file, "only " + length + " bytes, too short for a WAV header");
        }
        ByteBuffer b = read(ch, 0, 12);
        String form = id(b, 0);
        String wave = id(b, 8);
        boolean rf64 = form.equals("RF64") || form.equals("BW64");
        if (!form.equals("RIFF") && !rf64) {
            throw new BwfFormatException(file, "does not start with RIFF or RF64 (found '" + printable(form) + "')");
        }
        if (!wave.equals("WAVE")) {
            throw new BwfFormatException(file, "RIFF form is '" + printable(wave) + "', not WAVE");
        }
        long riffSize = Integer.toUnsignedLong(b.getInt(4));
        long ds64Offset = -1;
        long ds64Data = -1;
        long fmtOffset = -1;
        int fmtSize = 0;
        long factOffset = -1;
        long bextOffset = -1;
        int bextSize = 0;
        long ixmlOffset = -1;
        int ixmlSize = 0;
        long pos = 12;
        while (true) {
            if (pos + 8 > length) {
                throw new BwfFormatException(file, "no data chunk before the end of the file (header cut short)");
            }
            ByteBuffer h = read(ch, pos, 8);
            String id = id(h, 0);
            long size = Integer.toUnsignedLong(h.getInt(4));
            if (!id.chars().allMatch(c -> c >= 0x20 && c < 0x7F)) {
                throw new BwfFormatException(file, "damaged chunk header at byte " + pos);
            }
            if (id.equals("data")) {
                long declared;
                if (rf64) {
                    if (ds64Data < 0) {
                        throw new BwfFormatException(file, "RF64 file without a ds64 chunk before its data");
                    }
                    declared = size == 0xFFFF_FFFFL ? ds64Data : size;
                } else {
                    declared = size == 0xFFFF_FFFFL ? -1 : size;
                }
                if (fmtOffset < 0) {
                    throw new BwfFormatException(file, "no fmt chunk before the data chunk");
                }
                return new RiffLayout(file, length, rf64, ds64Offset, riffSize, fmtOffset, fmtSize, factOffset, bextOffset,
                        bextSize, ixmlOffset, ixmlSize, pos + 4, pos + 8, declared);
            }
            if (size > MAX_HEADER_CHUNK || pos + 8 + size > length) {
                throw new BwfFormatException(file, "chunk '" + id + "' at byte " + pos + " claims " + size
                        + " bytes, beyond the end of the file");
            }
            switch (id) {
                case "ds64" -> {
                    if (size < BwfFileWriter.DS64_BODY) {
                        throw new BwfFormatException(file, "ds64 chunk is too short");
                    }
                    ByteBuffer d = read(ch, pos + 8, BwfFileWriter.DS64_BODY);
                    ds64Offset = pos;
                    if (rf64) {
                        riffSize = d.getLong(0);
                        ds64Data = d.getLong(8);
                        if (riffSize < 0 || ds64Data < 0) {
                            throw new BwfFormatException(file, "ds64 sizes are negative");
                        }
                    }
                }
                case "JUNK" -> {
                    if (pos == 12 && size >= BwfFileWriter.DS64_BODY) {
                        ds64Offset = pos;
                    }
                }
                case "fmt " -> {
                    fmtOffset = pos + 8;
                    fmtSize = (int) size;
                }
                case "fact" -> {
                    if (size >= 4) {
                        factOffset = pos + 8;
                    }
                }
                case "bext" -> {
                    bextOffset = pos + 8;
                    bextSize = (int) size;
                }
                case "iXML" -> {
                    ixmlOffset = pos + 8;
                    ixmlSize = (int) size;
                }
                default -> {
                }
            }
            pos += 8 + size + (size & 1);
        }
    }

    static ByteBuffer read(FileChannel ch, long pos, int n) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(n).order(ByteOrder.LITTLE_ENDIAN);
        while (b.hasRemaining()) {
            if (ch.read(b, pos + b.position()) < 0) {
                throw new java.io.EOFException();
            }
        }
        return b.flip();
    }

    private static String id(ByteBuffer b, int at) {
        byte[] x = new byte[4];
        b.get(at, x);
        return new String(x, StandardCharsets.ISO_8859_1);
    }

    private static String printable(String s) {
        return s.replaceAll("[^\\x20-\\x7E]", "?");
    }
}
