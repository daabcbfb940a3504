package io.tidemark.analysis.model;

import java.util.Locale;
import java.util.Map;

/**
 * The audio path's fixed input latency: converter filter delay, USB and driver buffering. No
 * buffer timestamp can see it (every stamp is late by it alike), so a model fitted from stamps puts
 * every sample that much late in absolute UTC; aligning audio to video cancels it, an absolute claim
 * does not. Only a reference recorded in the audio (PPS, LTC) or a calibration made with one measures
 * it. Every output that states an absolute time says which of these it has.
 *
 * @param inputLatencyNs          the latency measured and taken out of the times (0 when none)
 * @param source                  where it came from
 * @param uncertaintyNs           its own uncertainty (0 when none)
 * @param includedInUncertainty   whether the times' {@code uncertaintyNs} covers it
 */
public record InputLatency(long inputLatencyNs, Source source, long uncertaintyNs, boolean includedInUncertainty) {

    public enum Source {
        /** Measured in this session from a reference recorded on a channel. */
        REFERENCE,
        /** From a calibration file made with a reference. */
        CALIBRATION,
        /** Not measured: the times exclude it. */
        NONE;

        public String text() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** Nothing measured it: the absolute times are late by the device's input latency, uncovered. */
    public static final InputLatency NONE = new InputLatency(0, Source.NONE, 0, false);

    /** What a person must know about the absolute times, in one sentence; null when it is measured. */
    public String caveat() {
        return source != Source.NONE ? null
                : "the absolute time excludes the audio device's fixed input latency (converter filter, USB and driver"
                + " buffering), which no timestamp sees: the audio is typically 1-5 ms later than stated on USB"
                + " interfaces; record a PPS or LTC reference, or use a calibration, to measure it";
    }

    /** The short form for a file's bext Description, which holds 256 characters in all. */
    public String metadataNote() {
        return source == Source.NONE
                ? "Excludes the device's input latency (not measured; typ. 1-5 ms)."
                : String.format(Locale.ROOT, "Input latency %.1f us taken out (%s).", inputLatencyNs / 1e3, source.text());
    }

    /** Adds {@code inputLatencyNs}, {@code latencySource} and {@code uncertaintyIncludesLatency} to an output. */
    public void putInto(Map<String, Object> out) {
        out.put("inputLatencyNs", inputLatencyNs);
        out.put("latencySource", source.text());
        out.put("uncertaintyIncludesLatency", includedInUncertainty);
    }
}
