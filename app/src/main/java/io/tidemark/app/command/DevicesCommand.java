package io.tidemark.app.command;

import io.tidemark.common.Json;
import io.tidemark.recorder.capture.DeviceCatalog;
import io.tidemark.recorder.capture.DeviceCatalog.DeviceInfo;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;

/** {@code tidemark devices [--json]}: the capture devices, their channel counts and formats. */
@Command(name = "devices", mixinStandardHelpOptions = true,
        description = "Lists the capture devices (Java Sound) and the simulated device 'sim'.")
public final class DevicesCommand implements Callable<Integer> {

    @Option(names = "--json", description = "Print the list as JSON.")
    boolean json;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        List<DeviceInfo> devices = DeviceCatalog.list();
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.println(Json.write(devices));
        } else {
            out.print(table(devices));
        }
        out.flush();
        return 0;
    }

    static String table(List<DeviceInfo> devices) {
        int nameWidth = Math.max(4, devices.stream().mapToInt(d -> d.name().length()).max().orElse(4));
        String fmt = "%-" + nameWidth + "s  %8s  %-8s  %-28s  %s%n";
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(fmt, "NAME", "CHANNELS", "BITS", "RATES (kHz)", "DESCRIPTION"));
        for (DeviceInfo d : devices) {
            sb.append(String.format(fmt, d.name(), d.maxChannels() == 0 ? "?" : "1-" + d.maxChannels(),
                    d.bitsPerSample().isEmpty() ? "none" : d.bitsPerSample().stream().map(String::valueOf)
                            .collect(Collectors.joining(",")),
                    d.sampleRatesHz().isEmpty() ? "none" : d.sampleRatesHz().stream().map(DevicesCommand::kHz)
                            .collect(Collectors.joining(",")),
                    d.description()));
        }
        if (devices.stream().allMatch(DeviceInfo::simulated)) {
            sb.append("(Java Sound lists no capture device: is a sound card or ALSA 'default' configured?)\n");
        }
        return sb.toString();
    }

    private static String kHz(int hz) {
        return hz % 1000 == 0 ? Integer.toString(hz / 1000) : String.valueOf(hz / 1000.0);
    }
}
