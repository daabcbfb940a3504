package io.tidemark.analysis.model;

import io.tidemark.sync.fit.LeastSquaresFit;
import io.tidemark.sync.fit.LowerEnvelopeFit;
import io.tidemark.sync.ntp.NtpSample;
import io.tidemark.sync.sim.SyntheticStampSeries;

import java.util.ArrayList;
import java.util.List;

/**
 * Generates a scenario, fits it with the lower envelope, least squares and raw arrival side by side
 * (all three share the NTP stage, so only the sample-clock method differs), and measures the error at
 * the clicks against the truth. Shared by the tests and {@link FitAccuracyBenchmark}.
 */
public final class ModelAccuracy {

    public record Errors(String method, long clicks, double rmsUs, double maxUs, double meanUs) {
    }

    /**
     * How well the lower-envelope model's claimed 1-sigma uncertainty covers its error, whole and per
     * stage (sample→raw, raw→UTC). A ratio is the RMS error over the RMS claimed sigma: 1 is honest,
     * above 1 claims too little. {@code withinSigma} is the share of clicks whose error is within the
     * claimed sigma (68 % for an honest Gaussian claim).
     */
    public record Coverage(double rmsSigmaUs, double ratio, double withinSigma, double clockRmsUs, double clockMeanUs,
                    double clockSigmaUs, double utcRmsUs, double utcMeanUs, double utcSigmaUs) {
    }

    public record Result(SyntheticStampSeries.Scenario scenario, List<Errors> errors, SampleUtcModel model,
                  double meanUncertaintyUs, Coverage coverage, long buffers, long ntpSamples, double fitSeconds) {
        public Errors of(String method) {
            return errors.stream().filter(e -> e.method().equals(method)).findFirst().orElseThrow();
        }
    }

    /** Streams the scenario once into all fitters; keeps at most maxClicks clicks (evenly thinned). */
    public static Result run(SyntheticStampSeries.Scenario s, long clickEvery) {
        SampleClockFitter le = SampleClockFitter.forBuffers(s.sampleRateHz(), s.bufferFrames(), new LowerEnvelopeFit());
        SampleClockFitter ls = SampleClockFitter.forBuffers(s.sampleRateHz(), s.bufferFrames(), new LeastSquaresFit());
        List<NtpPoint> ntp = new ArrayList<>();
        List<long[]> clicks = new ArrayList<>();
        long[] counts = new long[2];
        long[] fitNanos = new long[1];
        SyntheticStampSeries.generate(s, new SyntheticStampSeries.Sink() {
            long clickNo;

            @Override
            public void buffer(long sampleIndex, int frames, long monoRawNs, long realtimeNs, int flags) {
                long t0 = System.nanoTime();
                le.add(sampleIndex, frames, monoRawNs, flags);
                fitNanos[0] += System.nanoTime() - t0;
                ls.add(sampleIndex, frames, monoRawNs, flags);
                counts[0]++;
            }

            @Override
            public void ntp(NtpSample sample) {
                ntp.add(NtpPoint.from(sample));
                counts[1]++;
            }

            @Override
            public void click(long sampleIndex, long trueUtcNs, long trueRawNs, long bufferEndSample, long bufferRawNs) {
                if (clickNo++ % clickEvery == 0) {
                    clicks.add(new long[]{sampleIndex, trueUtcNs, bufferEndSample, bufferRawNs, trueRawNs});
                }
            }
        });
        long t0 = System.nanoTime();
        List<ClockSegment> leSegs = le.finish();
        List<UtcSegment> utc = NtpOffsetFit.withDefaults().fit(ntp);
        fitNanos[0] += System.nanoTime() - t0;
        SampleUtcModel leModel = new SampleUtcModel(s.sampleRateHz(), leSegs, utc);
        SampleUtcModel lsModel = new SampleUtcModel(s.sampleRateHz(), ls.finish(), utc);
        double nsPerSample = 1e9 / s.sampleRateHz();
        Acc a = new Acc("lower-envelope");
        Acc b = new Acc("least-squares");
        Acc c = new Acc("raw-arrival");
        double sumU = 0;
        double sumU2 = 0;
        long within = 0;
        Acc clockStage = new Acc("sample-to-raw");
        Acc utcStage = new Acc("raw-to-utc");
        double sumClockSigma2 = 0;
        double sumUtcSigma2 = 0;
        for (long[] k : clicks) {
            long err = leModel.utcNsAt(k[0]) - k[1];
            a.add(err);
            double u = leModel.uncertaintyNsAt(k[0]);
            sumU2 += u * u;
            if (Math.abs(err) <= u) {
                within++;
            }
            // The two stages apart: sample→raw against the true raw reading, raw→UTC at that true reading.
            ClockSegment seg = leModel.clockSegmentAt(k[0]);
            clockStage.add(seg.sampleToRawNs().valueAt(k[0]) - k[4]);
            sumClockSigma2 += Math.pow(seg.sampleToRawNs().sigmaAt(k[0]), 2);
            KnotCurve offset = leModel.utcSegmentAt(k[4]).rawToOffsetNs();
            utcStage.add(k[4] + offset.valueAt(k[4]) - k[1]);
            sumUtcSigma2 += Math.pow(offset.sigmaAt(k[4]), 2);
            b.add(lsModel.utcNsAt(k[0]) - k[1]);
            long arrivalUtc = leModel.utcNsAtRaw(k[3]);
            c.add(arrivalUtc - (k[2] - k[0]) * nsPerSample - k[1]);
            sumU += u;
        }
        int n = Math.max(1, clicks.size());
        Errors le0 = a.done();
        double rmsSigmaUs = Math.sqrt(sumU2 / n) / 1e3;
        Coverage cov = new Coverage(rmsSigmaUs, rmsSigmaUs > 0 ? le0.rmsUs() / rmsSigmaUs : Double.NaN,
                (double) within / n, clockStage.done().rmsUs(), clockStage.done().meanUs(),
                Math.sqrt(sumClockSigma2 / n) / 1e3, utcStage.done().rmsUs(), utcStage.done().meanUs(),
                Math.sqrt(sumUtcSigma2 / n) / 1e3);
        return new Result(s, List.of(le0, b.done(), c.done()), leModel, clicks.isEmpty() ? 0 : sumU / clicks.size() / 1e3,
                cov, counts[0], counts[1], fitNanos[0] / 1e9);
    }

    private static final class Acc {
        final String name;
        long n;
        double sumSq;
        double sum;
        double max;

        Acc(String name) {
            this.name = name;
        }

        void add(double errNs) {
            n++;
            sum += errNs;
            sumSq += errNs * errNs;
            max = Math.max(max, Math.abs(errNs));
        }

        Errors done() {
            return new Errors(name, n, n == 0 ? 0 : Math.sqrt(sumSq / n) / 1e3, max / 1e3, n == 0 ? 0 : sum / n / 1e3);
        }
    }
}
