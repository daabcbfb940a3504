package io.tidemark.app.command;

import picocli.CommandLine.Option;

import java.nio.file.Path;

/**
 * {@code --calibration FILE} (a picocli mixin for query, export, align, index and summary): the input latency a
 * {@code tidemark calibrate} file measured, taken out of the absolute times of sessions recorded without a
 * reference by the same device and format ({@code latencySource: calibration}). A session's own reference
 * marks win over it.
 */
public final class CalibrationOption {

    @Option(names = "--calibration", paramLabel = "FILE", description = "a calibration from 'tidemark calibrate': take the"
            + " device's measured input latency out of the absolute times (sessions without a reference)")
    Path calibration;

    /** The file given, or null. */
    Path file() {
        return calibration;
    }
}
