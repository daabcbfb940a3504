package io.tidemark.recorder.audio;

import io.tidemark.recorder.capture.CaptureFormat;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * The Broadcast WAV {@code bext} chunk, EBU Tech 3285 version 2: a fixed part of 602 bytes, then the
 * CodingHistory text. Strings are ASCII, NUL-padded. The standard names no time zone; Tidemark
 * always writes UTC and says so in the Description.
 *
 * @param timeReference first sample's count since midnight (UTC here) at the file's rate
 * @param loudnessValue and the four after it: EBU R128 values ×100; {@link #LOUDNESS_UNSET} when not measured
 */
public record BextChunk(String description, String originator, String originatorReference,
                        String originationDate, String originationTime, long timeReference, int version,
                        short loudnessValue, short loudnessRange, short maxTruePeakLevel,
                        short maxMomentaryLoudness, short maxShortTermLoudness, String codingHistory) {

    public static final int FIXED_SIZE = 602;
    public static final short LOUDNESS_UNSET = 0x7FFF;
    public static final int DESCRIPTION_SIZE = 256;

    /** The bext Tidemark writes for a file whose first sample is at {@code ref}; unknown start when null. */
    public static BextChunk forRecording(TimeReference ref, String originatorReference, CaptureFormat format,
                                         String softwareVersion) {
        String description;
        String date;
        String time;
        long timeReference;
        if (ref == null) {
            description = "Tidemark recording. UTC of the first sample unknown when written (no clock estimate"
                    + " yet); see session.db for the sample-to-UTC mapping.";
            date = "0000-00-00";
            time = "00:00:00";
            timeReference = 0;
        } else {
            description = "Tidemark recording. First sample at " + ref.utcMicros() + " UTC (live estimate"
                    + " while recording; TimeReference counts samples since UTC midnight). The fitted"
                    + " sample-to-UTC mapping is in session.db.";
            date = ref.date().toString();
            time = String.format("%02d:%02d:%02d", ref.timeOfDay().getHour(), ref.timeOfDay().getMinute(),
                    ref.timeOfDay().getSecond());
            timeReference = ref.samplesSinceMidnight();
        }
        String history = "A=PCM,F=" + format.sampleRateHz() + ",W=" + format.bitsPerSample() + ",M="
                + (format.channels() == 1 ? "mono" : format.channels() == 2 ? "stereo" : "multichannel")
                + ",T=Tidemark " + softwareVersion + "; " + format.channels() + " channels"
                + (format.isFloat() ? " of 32-bit IEEE float" : "") + "\r\n";
        return new BextChunk(description, "Tidemark", originatorReference, date, time, timeReference, 2,
                LOUDNESS_UNSET, LOUDNESS_UNSET, LOUDNESS_UNSET, LOUDNESS_UNSET, LOUDNESS_UNSET, history);
    }

    /** Chunk body size (without the 8-byte chunk header, without the pad byte). */
    public int bodySize() {
        return FIXED_SIZE + codingHistory.getBytes(StandardCharsets.US_ASCII).length;
    }

    public void writeBody(ByteBuffer out) {
        out.order(ByteOrder.LITTLE_ENDIAN);
        putAscii(out, description, DESCRIPTION_SIZE);
        putAscii(out, originator, 32);
        putAscii(out, originatorReference, 32);
        putAscii(out, originationDate, 10);
        putAscii(out, originationTime, 8);
        out.putInt((int) timeReference);
        out.putInt((int) (timeReference >>> 32));
        out.putShort((short) version);
        out.put(new byte[64]); // UMID: none
        out.putShort(loudnessValue);
        out.putShort(loudnessRange);
        out.putShort(maxTruePeakLevel);
        out.putShort(maxMomentaryLoudness);
        out.putShort(maxShortTermLoudness);
        out.put(new byte[180]);
        out.put(codingHistory.getBytes(StandardCharsets.US_ASCII));
    }

    public byte[] body() {
        ByteBuffer b = ByteBuffer.allocate(bodySize());
        writeBody(b);
        return b.array();
    }

    public static BextChunk parse(Path file, ByteBuffer body) {
        body.order(ByteOrder.LITTLE_ENDIAN);
        if (body.remaining() < 348) { // up to and including Version: older writers stop there
            throw new BwfFormatException(file, "bext chunk is " + body.remaining() + " bytes, too short");
        }
        String description = getAscii(body, DESCRIPTION_SIZE);
        String originator = getAscii(body, 32);
        String originatorReference = getAscii(body, 32);
        String date = getAscii(body, 10);
        String time = getAscii(body, 8);
        long low = Integer.toUnsignedLong(body.getInt());
        long high = Integer.toUnsignedLong(body.getInt());
        int version = Short.toUnsignedInt(body.getShort());
        short[] loudness = {LOUDNESS_UNSET, LOUDNESS_UNSET, LOUDNESS_UNSET, LOUDNESS_UNSET, LOUDNESS_UNSET};
        String history = "";
        if (body.remaining() >= FIXED_SIZE - 348) {
            body.position(body.position() + 64);
            for (int i = 0; i < 5; i++) {
                loudness[i] = body.getShort();
            }
            body.position(body.position() + 180);
            history = getAscii(body, body.remaining());
        }
        return new BextChunk(description, originator, originatorReference, date, time, (high << 32) | low,
                version, loudness[0], loudness[1], loudness[2], loudness[3], loudness[4], history);
    }

    private static void putAscii(ByteBuffer out, String s, int size) {
        byte[] b = s.getBytes(StandardCharsets.US_ASCII);
        int n = Math.min(b.length, size);
        out.put(b, 0, n);
        for (int i = n; i < size; i++) {
            out.put((byte) 0);
        }
    }

    private static String getAscii(ByteBuffer in, int size) {
        byte[] b = new byte[size];
        in.get(b);
        int n = 0;
        while (n < size && b[n] != 0) {
            n++;
        }
        return new String(b, 0, n, StandardCharsets.US_ASCII);
    }
}
