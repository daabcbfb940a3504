package io.tidemark.analysis.model;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.tidemark.common.Json;
import io.tidemark.recorder.store.SessionInfo;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A device's audio-path input latency measured with a reference ({@code tidemark calibrate}), for sessions
 * the same device records later without one. The latency depends on the converter's filter (rate, format)
 * and the buffering (buffer size), so it is keyed by all four and refused for a session that differs.
 *
 * @param format          always {@link #FORMAT}
 * @param version         {@link #VERSION}
 * @param device          the capture device's name as sessions store it
 * @param sampleFormat    e.g. s24, f32 (the session's --format, or s + bits)
 * @param sampleRateHz    sample rate
 * @param bufferFrames    frames per read
 * @param inputLatencyNs  how much later than its UTC a sound reaches the samples, beyond what the stamps see
 * @param uncertaintyNs   1-sigma of {@code inputLatencyNs}
 * @param session         the session it was measured in
 * @param marks           usable reference marks it was measured against
 * @param reference       "pps" or "ltc"
 */
public record Calibration(String format, int version, String device, String sampleFormat, int sampleRateHz,
                          int bufferFrames, long inputLatencyNs, long uncertaintyNs, String session, long marks,
                          String reference) {

    public static final String FORMAT = "tidemark-calibration";
    public static final int VERSION = 1;
    /** A session recorded with a calibration ({@code record --calibration}, the station's key) holds a copy under this name. */
    public static final String SESSION_FILE_NAME = "calibration.json";

    /** The key a session would be calibrated under. */
    public static Calibration keyOf(SessionInfo info) {
        return new Calibration(FORMAT, VERSION, info.device(), sampleFormatOf(info), info.sampleRateHz(),
                info.bufferFrames(), 0, 0, info.sessionId(), 0, null);
    }

    /** The session's sample format: its --format when given, else s + bits. */
    static String sampleFormatOf(SessionInfo info) {
        if (info.configJson() != null) {
            try {
                var f = Json.MAPPER.readTree(info.configJson()).get("format");
                if (f != null && f.isTextual()) {
                    return f.asText();
                }
            } catch (JsonProcessingException e) {
                // an unreadable config says nothing about the format: fall back on the bits
            }
        }
        return "s" + info.bitsPerSample();
    }

    /** This key with a measurement. */
    public Calibration measured(long latencyNs, long latencyUncertaintyNs, long markCount, String referenceKind) {
        return new Calibration(format, version, device, sampleFormat, sampleRateHz, bufferFrames, latencyNs,
                latencyUncertaintyNs, session, markCount, referenceKind);
    }

    /** What differs between this calibration and a session, e.g. "rate 44100 Hz (calibrated: 48000 Hz)"; empty when it fits. */
    public List<String> mismatches(SessionInfo info) {
        Calibration s = keyOf(info);
        List<String> out = new ArrayList<>();
        if (!Objects.equals(device, s.device)) {
            out.add("device '" + s.device + "' (calibrated: '" + device + "')");
        }
        if (!Objects.equals(sampleFormat, s.sampleFormat)) {
            out.add("format " + s.sampleFormat + " (calibrated: " + sampleFormat + ")");
        }
        if (sampleRateHz != s.sampleRateHz) {
            out.add("rate " + s.sampleRateHz + " Hz (calibrated: " + sampleRateHz + " Hz)");
        }
        if (bufferFrames != s.bufferFrames) {
            out.add("buffer " + s.bufferFrames + " frames (calibrated: " + bufferFrames + " frames)");
        }
        return out;
    }

    /** The correction this calibration applies to a session's model; refused, naming the mismatch, for another device or format. */
    public AbsoluteCorrection correctionFor(SessionInfo info, Path file) {
        List<String> m = mismatches(info);
        if (!m.isEmpty()) {
            throw new ModelException("calibration " + file + " is for another setup: session " + info.sessionId()
                    + " has " + String.join(", ", m),
                    "use a calibration made with the same device, format, rate and buffer size (tidemark calibrate)");
        }
        return AbsoluteCorrection.calibration(inputLatencyNs, uncertaintyNs);
    }

    /** Reads a calibration file; one-line errors for a missing or foreign file. */
    public static Calibration read(Path file) {
        try {
            Calibration c = Json.MAPPER.readValue(Files.readString(file, StandardCharsets.UTF_8), Calibration.class);
            if (!FORMAT.equals(c.format) || c.version != VERSION) {
                throw new ModelException(file + " is not a Tidemark calibration (version " + VERSION + ")",
                        "give a file written by 'tidemark calibrate'");
            }
            return c;
        } catch (NoSuchFileException e) {
            throw new ModelException("no calibration file at " + file, "give a file written by 'tidemark calibrate'");
        } catch (IOException e) {
            String detail = e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage();
            throw new ModelException("cannot read calibration " + file + ": " + firstLine(detail),
                    "give a file written by 'tidemark calibrate'");
        }
    }

    /** Writes the calibration to a new file; an existing one is never replaced. */
    public void writeNew(Path file) {
        try {
            Files.writeString(file, Json.write(this) + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE_NEW,
                    StandardOpenOption.WRITE);
        } catch (FileAlreadyExistsException e) {
            throw new ModelException(file + " already exists", "give a new file name for --out (calibrations are never overwritten)");
        } catch (IOException e) {
            throw new ModelException("cannot write " + file + ": " + e.getMessage(), "give a folder you can write to");
        }
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
