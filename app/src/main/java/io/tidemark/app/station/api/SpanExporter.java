package io.tidemark.app.station.api;

import java.nio.file.Path;
import java.util.function.DoubleConsumer;

/**
 * What an export job runs: the CLI's export of a span of a deployment (given to the station by the command that
 * starts it, so that the station's packages do not depend on the commands').
 */
@FunctionalInterface
public interface SpanExporter {

    /** What one export wrote. */
    record Written(Path file, long frames, long firstUtcNs) {
    }

    /**
     * Writes {@code request}'s span of {@code deployment} to {@code out} (which must not exist); progress 0..1 goes
     * to {@code progress}, which throws to cancel. Bad input is a one-line {@link io.tidemark.common.TidemarkException}.
     */
    Written export(Path deployment, ExportRequest request, Path out, DoubleConsumer progress) throws Exception;
}
