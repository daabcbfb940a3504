package io.tidemark.app.command;

import io.tidemark.app.record.Recording;
import io.tidemark.common.Json;
import io.tidemark.common.TidemarkException;
import io.tidemark.recorder.capture.DeviceCatalog;
import io.tidemark.recorder.capture.DeviceCatalog.DeviceInfo;
import io.tidemark.recorder.capture.SampleEncoding;
import io.tidemark.recorder.capture.alsa.AlsaCatalog;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;

/**
 * {@code tidemark devices [--json]}: every capture device Tidemark can open, each under the name
 * {@code --device} takes, with the channels, formats and rates it offers and whether its buffers are
 * stamped by the kernel: the ALSA PCMs (Linux), Java Sound's devices, then {@code sim}.
 */
@Command(name = "devices", mixinStandardHelpOptions = true,
        description = "Lists the capture devices (ALSA on Linux, Java Sound) and the simulated device 'sim'.")
public final class DevicesCommand implements Callable<Integer> {

    @Option(names = "--json", description = "Print the list as JSON.")
    boolean json;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    /**
     * One device as listed.
     *
     * @param name             what {@code --device} takes
     * @param backend          alsa, javasound or sim
     * @param formats          the {@code --format} names it offers
     * @param bitsPerSample    the {@code --bits} it offers (integer PCM)
     * @param kernelTimestamps its buffers are stamped by the kernel, not at read return
     * @param problem          why it could not be asked (busy, no server), else null
     */
    public record Row(String name, String backend, String description, int minChannels, int maxChannels,
                      List<String> formats, List<Integer> bitsPerSample, List<Integer> sampleRatesHz,
                      boolean kernelTimestamps, boolean simulated, String problem) {
    }

    @Override
    public Integer call() {
        List<Row> rows = new ArrayList<>();
        String alsaNote = null;
        List<String> undefined = new ArrayList<>();
        try {
            for (AlsaCatalog.Pcm p : AlsaCatalog.capturePcms()) {
                if (p.problem() != null && p.problem().startsWith("No such file or directory")) {
                    undefined.add(p.pcmName()); // a plugin named by ALSA's configuration whose parts are absent
                    continue;
                }
                rows.add(new Row(Recording.ALSA_PREFIX + p.pcmName(), "alsa", p.description(), p.channelsMin(),
                        p.channelsMax(), p.formats().stream().map(e -> e.cliName).toList(),
                        p.formats().stream().filter(e -> !e.isFloat && e != SampleEncoding.S24)
                                .map(e -> e.bitsPerSample).distinct().sorted().toList(),
                        p.commonRatesHz(), p.kernelTimestamps(), false, p.problem()));
            }
            if (!undefined.isEmpty()) {
                alsaNote = "(ALSA also names " + String.join(", ", undefined) + ", which cannot be opened here)";
            }
        } catch (TidemarkException e) {
            alsaNote = "(ALSA not listed: " + e.oneLine() + ")";
        }
        for (DeviceInfo d : DeviceCatalog.list()) {
            List<String> formats = new ArrayList<>(d.bitsPerSample().stream()
                    .map(b -> SampleEncoding.integerPcm(b).cliName).toList());
            if (d.simulated()) {
                formats.add(0, SampleEncoding.F32.cliName);
            }
            rows.add(new Row(d.name(), d.simulated() ? "sim" : "javasound", d.description(),
                    d.maxChannels() == 0 ? 0 : 1, d.maxChannels(), formats, d.bitsPerSample(), d.sampleRatesHz(),
                    false, d.simulated(), null));
        }
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.println(Json.write(rows));
        } else {
            out.print(table(rows));
            if (alsaNote != null) {
                out.println(alsaNote);
            }
        }
        out.flush();
        return 0;
    }

    static String table(List<Row> rows) {
        int nameWidth = Math.max(4, rows.stream().mapToInt(d -> d.name().length()).max().orElse(4));
        String fmt = "%-" + nameWidth + "s  %8s  %-21s  %-28s  %-6s  %s%n";
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(fmt, "NAME", "CHANNELS", "FORMATS", "RATES (kHz)", "STAMPS", "DESCRIPTION"));
        for (Row d : rows) {
            sb.append(String.format(fmt, d.name(), d.maxChannels() == 0 ? "?"
                            : d.minChannels() == d.maxChannels() ? Integer.toString(d.maxChannels())
                            : d.minChannels() + "-" + (d.maxChannels() > 1024 ? "any" : d.maxChannels()),
                    d.formats().isEmpty() ? "none" : String.join(",", d.formats()),
                    d.sampleRatesHz().isEmpty() ? "none" : d.sampleRatesHz().stream().map(DevicesCommand::kHz)
                            .collect(Collectors.joining(",")),
                    d.kernelTimestamps() ? "kernel" : "read",
                    d.problem() == null ? d.description() : d.description() + " [" + d.problem() + "]"));
        }
        if (rows.stream().allMatch(Row::simulated)) {
            sb.append("(no capture device found: is a sound card connected, or an ALSA PCM configured?)\n");
        }
        return sb.toString();
    }

    private static String kHz(int hz) {
        return hz % 1000 == 0 ? Integer.toString(hz / 1000) : String.valueOf(hz / 1000.0);
    }
}
