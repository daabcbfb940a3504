package io.tidemark.app.bench;

import io.tidemark.analysis.model.SampleUtcModel;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A model's UTC against a simulated session's truth clicks (truth.csv: sample index, true UTC): the error and the
 * uncertainty the model claims there.
 *
 * @param rmsNs, maxNs, meanNs  of model UTC minus (true UTC + {@code expectedLateNs})
 * @param claimedSigmaRmsNs     RMS of the model's claimed 1-sigma at the clicks
 */
record ClickErrors(long clicks, double rmsNs, double maxNs, double meanNs, double claimedSigmaRmsNs) {

    /**
     * @param expectedLateNs how late the model is expected to be (the input latency for a stamp model; 0 when the
     *                       model claims absolute UTC)
     */
    static ClickErrors of(Path sessionDir, SampleUtcModel model, long expectedLateNs) throws IOException {
        long clicks = 0;
        double sumSq = 0;
        double sum = 0;
        double sumSigmaSq = 0;
        double max = 0;
        try (BufferedReader in = Files.newBufferedReader(sessionDir.resolve("truth.csv"))) {
            in.readLine();
            for (String line; (line = in.readLine()) != null; ) {
                int comma = line.indexOf(',');
                long sample = Long.parseLong(line, 0, comma, 10);
                long trueNs = Long.parseLong(line, comma + 1, line.length(), 10);
                double e = model.utcNsAt(sample) - (trueNs + expectedLateNs);
                double sigma = model.uncertaintyNsAt(sample);
                sumSq += e * e;
                sum += e;
                sumSigmaSq += sigma * sigma;
                max = Math.max(max, Math.abs(e));
                clicks++;
            }
        }
        return new ClickErrors(clicks, Math.sqrt(sumSq / clicks), max, sum / clicks, Math.sqrt(sumSigmaSq / clicks));
    }
}
