package io.tidemark.app.bench;

import java.util.List;
import java.util.Optional;

/** Every benchmark {@code tidemark bench} runs: the one place a benchmark is registered. */
public final class Benchmarks {

    public static final List<Benchmark> ALL = List.of(
            new Benchmark("store", "timestamp store rows per second, database bytes per day", StoreBenchmark::main),
            new Benchmark("recorder-cpu", "recording path CPU at 8 ch / 48 kHz, a simulated day's wall time",
                    RecorderCpuBenchmark::main),
            new Benchmark("capture", "the simulated device: simulated-time speed, a real-time reader's CPU",
                    CaptureBenchmark::main),
            new Benchmark("capture-backends", "ALSA (f32) against Java Sound (s32) on one source: CPU, stamp scatter",
                    CaptureBackendsBenchmark::main),
            new Benchmark("bwf-writer", "CPU of the rotating BWF writer alone", BwfWriterBenchmark::main),
            new Benchmark("desktop-cpu", "desktop app CPU on 8 meters at 20 fps; station CPU added by the app",
                    DesktopCpuBenchmark::main),
            new Benchmark("sync", "discipline: lock time, phase and frequency error, failover", SyncBenchmark::main),
            new Benchmark("ntp-filter", "NTP client's UTC error over a jittery simulated network",
                    NtpFilterBenchmark::main),
            new Benchmark("fit-accuracy", "sample to UTC error at the clicks, per scenario and latency",
                    FitAccuracyBenchmark::main),
            new Benchmark("fit", "fitting a simulated session of --days D: wall, CPU, heap, RSS", FitBenchmark::main),
            new Benchmark("query", "query --sample on a fitted session, in process: median, p99",
                    QueryBenchmark::main),
            new Benchmark("export", "export throughput, plain, --channels and --resample", ExportBenchmark::main),
            new Benchmark("station", "station CPU at 8 ch / 48 kHz with the API polled at 10 Hz, by part",
                    StationBenchmark::main),
            new Benchmark("station-memory", "station RSS and live heap per simulated hour over 7 days", StationMemoryBenchmark::main),
            new Benchmark("deployment", "batch query of 10^6 UTC instants and summary --html on a 120-day deployment",
                    DeploymentBenchmark::main));

    private Benchmarks() {
    }

    public static Optional<Benchmark> named(String name) {
        return ALL.stream().filter(b -> b.name().equals(name)).findFirst();
    }
}
