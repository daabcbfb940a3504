package io.tidemark.sync.model;

import io.tidemark.sync.ntp.NtpSample;
import io.tidemark.sync.sim.SyntheticStampSeries;

import java.util.ArrayList;
import java.util.List;

/**
 * Generates a scenario, fits it with the lower envelope, least squares and raw arrival side by side
 * (all three share the NTP stage, so only the sample-clock method differs), and measures the error at
 * the clicks against the truth. Shared by the tests and {@link FitAccuracyBenchmark}.
 */
final class ModelAccuracy {

    record Errors(String method, long clicks, double rmsUs, double maxUs, double meanUs) {
    }

    record Result(SyntheticStampSeries.Scenario scenario, List<Errors> errors, SampleUtcModel model,
                  double meanUncertaintyUs, long buffers, long ntpSamples, double fitSeconds) {
        Errors of(String method) {
            return errors.stream().filter(e -> e.method().equals(method)).findFirst().orElseThrow();
        }
    }

    /** Streams the scenario once into all fitters; keeps at most maxClicks clicks (evenly thinned). */
    static Result run(SyntheticStampSeries.Scenario s, long clickEvery) {
        SampleClockFitter le = SampleClockFitter.withDefaults(s.sampleRateHz(), new LowerEnvelopeFit());
        SampleClockFitter ls = SampleClockFitter.withDefaults(s.sampleRateHz(), new LeastSquaresFit());
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
            public void click(long sampleIndex, long trueUtcNs, long bufferEndSample, long bufferRawNs) {
                if (clickNo++ % clickEvery == 0) {
                    clicks.add(new long[]{sampleIndex, trueUtcNs, bufferEndSample, bufferRawNs});
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
        for (long[] k : clicks) {
            a.add(leModel.utcNsAt(k[0]) - k[1]);
            b.add(lsModel.utcNsAt(k[0]) - k[1]);
            long arrivalUtc = leModel.utcNsAtRaw(k[3]);
            c.add(arrivalUtc - (k[2] - k[0]) * nsPerSample - k[1]);
            sumU += leModel.uncertaintyNsAt(k[0]);
        }
        return new Result(s, List.of(a.done(), b.done(), c.done()), leModel,
                clicks.isEmpty() ? 0 : sumU / clicks.size() / 1e3, counts[0], counts[1], fitNanos[0] / 1e9);
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
