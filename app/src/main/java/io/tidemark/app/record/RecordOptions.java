package io.tidemark.app.record;

import com.fasterxml.jackson.annotation.JsonAlias;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tidemark.app.cli.UserError;
import io.tidemark.common.Json;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Everything a recording can be told, written once: the flags of {@code tidemark record} (a picocli mixin)
 * and the keys of its {@code --config FILE.json} (Jackson: the public fields, in this order, are the keys
 * docs/recording.md lists and the JSON stored in {@code sessions.config_json}). Null means "not given here";
 * {@link #effective()} is the one place that says flags over file over defaults.
 */
@JsonIgnoreProperties(ignoreUnknown = false)
public final class RecordOptions {

    @Option(names = "--device", description = "capture device: alsa:NAME (an ALSA PCM, or part of a card's name),"
            + " a Java Sound device's name or part of it (see 'tidemark devices'), or 'sim'")
    public String device;
    @Option(names = "--channels", description = "channels, 1..64")
    public Integer channels;
    /** The channel map: one name per channel, in order; stored with the session and in every file's iXML. */
    @Option(names = "--channel-names", split = ",", paramLabel = "NAME,...", description = "a name per channel, in "
            + "order, e.g. BOND6,FAR3 (stored with the session and in every file's iXML track list)")
    public List<String> channelNames;
    @Option(names = "--rate", description = "sample rate in Hz, 44100..192000")
    public Integer rateHz;
    @Option(names = "--bits", description = "bits per sample of integer PCM: 16, 24 or 32")
    public Integer bits;
    @Option(names = "--format", description = "sample format: f32 (32-bit float, keeps peaks above 0 dBFS), s32, s24,"
            + " s24_3 or s16; instead of --bits")
    public String format;
    @Option(names = "--buffer-ms", description = "read size in ms (default 100)")
    public Integer bufferMs;
    @Option(names = "--duration", description = "how long to record, e.g. 60s, 2h, 120d (default: until stopped)")
    public String duration;
    /** File length; files start where the live UTC estimate crosses a multiple of it. Was {@code rotate}. */
    @JsonAlias("rotate")
    @Option(names = {"--segment", "--rotate"}, description = "file length: a new file starts each time UTC crosses a"
            + " multiple of it (10:00:00, 10:10:00, ... for 10m); only the first file starts off that grid"
            + " (default 600s; --rotate is the old name)")
    public String segment;
    @Option(names = "--out", description = "output folder; the session goes into OUT/<session-id>/")
    public String out;
    /** Extra folders (disks), in order, for the audio when the one being written fills. */
    @Option(names = "--overflow", paramLabel = "DIR", description = "go on recording in DIR/<session-id>/ when the "
            + "folder being written runs short of space; repeat for more, used in order (the database stays in OUT)")
    public List<String> overflow;
    @Option(names = "--ntp", description = "NTP server HOST[:PORT]; repeat for several")
    public List<String> ntp;
    @Option(names = "--ntp-poll", paramLabel = "DURATION", description = "poll the NTP servers this often, steadily,"
            + " in bursts of 8 (default 16s; 16s-64s suits a LAN server)")
    public String ntpPoll;
    /** "dante", "aes67" or "off" (default). */
    @Option(names = "--ptp", description = "PTP to take frequency from: dante, aes67 or off (default off)")
    public String ptp;
    @Option(names = "--interface", description = "network interface carrying PTP")
    public String ptpInterface;
    @Option(names = "--discipline", description = "steer the system clock, by bounded slewing only "
            + "(needs CAP_SYS_TIME and no other time daemon steering; default: monitor only)")
    public Boolean discipline;
    /** UDP port to serve the sync engine's time on. */
    @Option(names = "--serve-ntp", paramLabel = "PORT", description = "serve the sync engine's time over NTP on this UDP port")
    public Integer serveNtp;
    /** Address blocks served besides loopback. */
    @Option(names = "--ntp-allow", paramLabel = "CIDR", description = "also serve NTP to this address block; repeatable")
    public List<String> ntpAllow;
    /** "bwf" (default) or "none" (stamps only). */
    @Option(names = "--audio", description = "bwf (default) or none (timestamps only)")
    public String audio;
    /** A timing reference recorded on one channel: "pps" or "ltc"; with {@link #referenceChannel}. */
    @Option(names = "--reference", description = "what the reference channel carries: pps (GPS pulse per second) or"
            + " ltc (SMPTE timecode); 'tidemark marks' finds them and the time model uses them")
    public String reference;
    /** 1-based channel carrying {@link #reference}. */
    @Option(names = "--reference-channel", paramLabel = "N", description = "the channel (1..channels) carrying --reference")
    public Integer referenceChannel;
    /** A calibration file ('tidemark calibrate'), copied into the session: its times then leave out the input latency. */
    @Option(names = "--calibration", paramLabel = "FILE", description = "a calibration from 'tidemark calibrate' for this"
            + " device and format, copied into the session as calibration.json (its absolute times then take out the"
            + " device's input latency: latencySource calibration)")
    public String calibration;

    // Not config keys: private, so Jackson neither reads nor writes them (a file naming them is refused).
    // They are declared here, between the keys, because that is where --help has always listed them.
    @Option(names = "--config", description = "JSON file with these settings (flags override it)")
    private Path config;
    @Option(names = "--json", description = "print the summary as JSON")
    private boolean json;

    @Option(names = "--simulated-time", description = "run the simulated device in accelerated simulated time")
    public Boolean simulatedTime;
    /** ISO-8601 UTC start of simulated time, e.g. 2026-11-21T19:30:00Z; default now. */
    @Option(names = "--sim-start", description = "simulated UTC start, ISO-8601 (default now)")
    public String simStart;
    @Option(names = "--sim-ppm", description = "simulated device crystal error, ppm (default 0)")
    public Double simPpm;
    @Option(names = "--sim-wander", description = "random-walk wander of that error, ppm per sqrt(hour) (default 0)")
    public Double simWander;
    @Option(names = "--sim-latency-ms", description = "mean exponential delivery jitter, ms (default 1)")
    public Double simLatencyMs;
    @Option(names = "--sim-input-latency-us", description = "simulated device's fixed input latency, µs: the delay no"
            + " timestamp sees (converter filter, USB, driver), written into truth.json (default 500)")
    public Double simInputLatencyUs;
    @Option(names = "--sim-outlier-probability", description = "chance per buffer of a late delivery (default 0.001)")
    public Double simOutlierProbability;
    @Option(names = "--sim-outlier-ms", description = "extra delay of a late delivery, ms (default 20)")
    public Double simOutlierMs;
    /** Expected dropouts per hour. */
    @Option(names = "--sim-dropouts", description = "expected dropouts (lost buffers) per hour (default 0)")
    public Double simDropouts;
    /** Expected overruns per hour. */
    @Option(names = "--sim-overruns", description = "expected overruns per hour (default 0)")
    public Double simOverruns;
    /** Expected disconnects per hour. */
    @Option(names = "--sim-disconnects", description = "expected device disconnects per hour (default 0)")
    public Double simDisconnects;
    @Option(names = "--sim-disconnect-ms", description = "how long a disconnect lasts, ms (default 2000)")
    public Double simDisconnectMs;
    @Option(names = "--sim-sys-offset-ms", description = "simulated-time system clock minus UTC at start, ms (default 0)")
    public Double simSysOffsetMs;
    @Option(names = "--sim-sys-ppm", description = "simulated-time system clock drift, ppm (default 0)")
    public Double simSysPpm;
    @Option(names = "--sim-ntp-jitter-us", description = "simulated NTP path jitter (mean, each way), µs (default 100)")
    public Double simNtpJitterUs;
    @Option(names = "--sim-seed", description = "seed of the simulated world (default 1)")
    public Long simSeed;
    /** "tones" or "noise". */
    @Option(names = "--sim-signal", description = "tones (default) or noise")
    public String simSignal;
    /** "pps" or "ltc" (25 fps with date) on {@link #simReferenceChannel}, through a simulated analogue path. */
    @Option(names = "--sim-reference", description = "put pps or ltc (at true UTC, LTC with date) on a channel of the"
            + " simulated device: band-limited edges, AC coupling, noise, and the fixed input latency")
    public String simReference;
    @Option(names = "--sim-reference-channel", paramLabel = "N", description = "the simulated device's channel"
            + " (1..channels-1; the last carries the clicks) for --sim-reference")
    public Integer simReferenceChannel;
    @Option(names = "--sim-reference-snr-db", description = "the simulated reference's edge size over the noise RMS, dB (default 40)")
    public Double simReferenceSnrDb;
    /** Scheduled disconnects, device time after the start, e.g. ["26h", "4d"]; each lasts simDisconnectMs. */
    @Option(names = "--sim-disconnect-at", paramLabel = "T", description = "disconnect the simulated device this long"
            + " after its start (e.g. 26h); repeatable; each lasts --sim-disconnect-ms")
    public List<String> simDisconnectAt;
    /** The simulated world's NTP server unreachable: "START+LENGTH" after the start, e.g. "2d+24h". */
    @Option(names = "--sim-ntp-outage", paramLabel = "START+LENGTH", description = "the simulated NTP server does not"
            + " answer from START to START+LENGTH after the start, e.g. 2d+24h")
    public String simNtpOutage;
    /** Digital silence on a channel: "CH@START+LENGTH", e.g. "1@3d+3h". */
    @Option(names = "--sim-silence", paramLabel = "CH@START+LENGTH", description = "channel CH (1-based) carries digital"
            + " silence from START for LENGTH, e.g. 1@3d+3h; repeatable")
    public List<String> simSilence;
    /** A full-scale square wave on a channel: "CH@START+LENGTH". */
    @Option(names = "--sim-clip", paramLabel = "CH@START+LENGTH", description = "channel CH clips (full-scale square"
            + " wave) from START for LENGTH, e.g. 1@5d+30s; repeatable")
    public List<String> simClip;
    /**
     * A change of NTP source: the simulated world has a second server, "sim-ntp-2" (stratum 2, on true time), and the
     * first stops answering for good this long after the start, e.g. "1h" (the client moves to the second ~8 polls later).
     */
    @Option(names = "--sim-ntp-switch-at", paramLabel = "T", description = "add a second simulated NTP server and make"
            + " the first stop answering T after the start (a change of time source), e.g. 1h")
    public String simNtpSwitchAt;
    /** A step of the simulated system clock: "START+STEP" or "START-STEP" after the start, e.g. "2h+250ms". */
    @Option(names = "--sim-clock-step-at", paramLabel = "START+STEP", description = "step the simulated system clock"
            + " by STEP (START-STEP: backwards) at START after the start, e.g. 2h+250ms")
    public String simClockStepAt;

    /** The defaults of every key that has one; the others stay null (required, or absent means "none"). */
    public static RecordOptions defaults() {
        RecordOptions d = new RecordOptions();
        d.bufferMs = 100;
        d.segment = "600s";
        d.overflow = new ArrayList<>();
        d.ntp = new ArrayList<>();
        d.ntpPoll = "16s";
        d.ptp = "off";
        d.discipline = false;
        d.ntpAllow = new ArrayList<>();
        d.audio = "bwf";
        d.simulatedTime = false;
        d.simPpm = 0.0;
        d.simWander = 0.0;
        d.simLatencyMs = 1.0;
        d.simInputLatencyUs = 500.0;
        d.simOutlierProbability = 0.001;
        d.simOutlierMs = 20.0;
        d.simDropouts = 0.0;
        d.simOverruns = 0.0;
        d.simDisconnects = 0.0;
        d.simDisconnectMs = 2000.0;
        d.simSysOffsetMs = 0.0;
        d.simSysPpm = 0.0;
        d.simNtpJitterUs = 100.0;
        d.simSeed = 1L;
        d.simSignal = "tones";
        d.simReferenceSnrDb = 40.0;
        d.simDisconnectAt = new ArrayList<>();
        d.simSilence = new ArrayList<>();
        d.simClip = new ArrayList<>();
        return d;
    }

    /** The config file these options name ({@code --config}), or null. */
    public Path configFile() {
        return config;
    }

    /** Whether the command prints its summary as JSON ({@code --json}). */
    public boolean jsonSummary() {
        return json;
    }

    /**
     * The effective options, a new object: the defaults, then the config file's keys, then these (the flags);
     * at each step only what is given (not null) counts. The result names no config file.
     */
    public RecordOptions effective() {
        RecordOptions merged = defaults();
        if (config != null) {
            overlay(merged, readTree(config), config);
        }
        overlay(merged, Json.MAPPER.valueToTree(this), null);
        return merged;
    }

    private static JsonNode readTree(Path file) {
        try {
            return Json.MAPPER.readTree(file.toFile());
        } catch (IOException e) {
            throw badFile(file, e);
        }
    }

    /** Sets on {@code target} every key of {@code keys} that is not null; unknown keys and bad values refused. */
    private static void overlay(RecordOptions target, JsonNode keys, Path file) {
        if (keys instanceof ObjectNode object) {
            object.properties().removeIf(e -> e.getValue().isNull());
        }
        try {
            Json.MAPPER.readerForUpdating(target).readValue(keys);
        } catch (IOException e) {
            if (file == null) {
                throw new IllegalStateException(e); // the flags' own keys always fit
            }
            throw badFile(file, e);
        }
    }

    private static UserError badFile(Path file, IOException e) {
        String cause;
        if (e instanceof UnrecognizedPropertyException u) {
            cause = "unknown key \"" + u.getPropertyName() + "\"";
        } else if (e instanceof JsonMappingException m && !m.getPath().isEmpty()
                && m.getPath().get(0).getFieldName() != null) {
            cause = "key \"" + m.getPath().get(0).getFieldName() + "\": " + firstLine(m.getOriginalMessage());
        } else if (e instanceof JsonProcessingException p) {
            cause = firstLine(p.getOriginalMessage());
        } else {
            cause = firstLine(e.getMessage());
        }
        return new UserError("cannot read config file " + file + ": " + cause,
                "fix the JSON (docs/recording.md lists the keys)");
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
