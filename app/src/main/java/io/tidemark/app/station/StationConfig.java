package io.tidemark.app.station;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tidemark.app.cli.DurationParser;
import io.tidemark.app.cli.UserError;
import io.tidemark.app.record.RecordOptions;
import io.tidemark.app.station.api.ApiSettings;
import io.tidemark.common.Json;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The station's configuration file (docs/station.md lists its keys). Immutable; {@link #read} refuses a
 * malformed file, an unknown key or a wrong type or value with one line naming the key and the remedy.
 *
 * @param simKeys the {@code sim*} keys as given (only when {@code device} is {@code sim}), passed to record's options
 * @param reference "pps", "ltc" or null: what {@code referenceChannel} (1-based) carries, as record's --reference
 * @param calibration a calibration file copied into every session (record's --calibration), or null
 * @param audio "bwf" (default) or "none": stamps, health and events only, no audio files (as record's --audio)
 */
public record StationConfig(
        String device, int channels, int rateHz, String format, int bufferMs,
        Path deployment, List<Path> overflow, long segmentNs, List<String> channelNames,
        List<String> ntp, long ntpPollNs, String ptp, boolean discipline, Integer serveNtp, List<String> ntpAllow,
        ApiSettings api, String alertWebhook, long alertRepeatNs,
        double silentDbfs, long silentForNs, long diskMinFreeNs,
        ObjectNode simKeys, String reference, Integer referenceChannel, Path calibration, String audio) {

    private static final Set<String> TOP = Set.of("device", "channels", "rateHz", "format", "bufferMs",
            "deployment", "overflow", "segment", "channelNames", "ntp", "ntpPoll", "ptp", "discipline", "serveNtp",
            "ntpAllow", "api", "alerts", "health", "reference", "referenceChannel", "calibration", "audio");
    private static final Set<String> FORMATS = Set.of("f32", "s32", "s24", "s24_3", "s16");

    public StationConfig {
        overflow = List.copyOf(overflow);
        channelNames = List.copyOf(channelNames);
        ntp = List.copyOf(ntp);
        ntpAllow = List.copyOf(ntpAllow);
        simKeys = simKeys.deepCopy();
    }

    /** The {@code sim*} keys, a copy (the record's component would hand out the mutable node). */
    @Override
    public ObjectNode simKeys() {
        return simKeys.deepCopy();
    }

    /** The config is JSON with comments ({@code //} and block comments), so the shipped file can explain itself. */
    private static final com.fasterxml.jackson.databind.ObjectReader READER = Json.MAPPER.reader()
            .with(com.fasterxml.jackson.core.json.JsonReadFeature.ALLOW_JAVA_COMMENTS);

    /** Reads and validates {@code file}. */
    public static StationConfig read(Path file) {
        JsonNode root;
        try {
            root = READER.readTree(Files.readAllBytes(file));
        } catch (NoSuchFileException e) {
            throw new UserError("config file " + file + " does not exist",
                    "give an existing file with --config (samples/configs/station-sim.json is one)");
        } catch (JsonProcessingException e) {
            throw new UserError("config file " + file + " is not valid JSON: " + firstLine(e.getOriginalMessage())
                    + " (line " + (e.getLocation() == null ? "?" : e.getLocation().getLineNr()) + ")",
                    "fix the JSON syntax (docs/station.md shows a sample)");
        } catch (IOException e) {
            throw new UserError("cannot read config file " + file + ": " + e.getMessage(),
                    "make the file readable by this user");
        }
        return parse(root, file.toString());
    }

    /** Validates an already parsed tree; {@code where} names it in messages. */
    public static StationConfig parse(JsonNode root, String where) {
        if (root == null || !root.isObject()) {
            throw bad(where, null, "the file must hold one JSON object", "wrap the keys in { } (docs/station.md)");
        }
        Keys k = new Keys(root, where, "");
        String device = k.string("device", null, true);
        boolean sim = device.equals("sim");
        ObjectNode simKeys = Json.MAPPER.createObjectNode();
        Iterator<Map.Entry<String, JsonNode>> fields = root.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> f = fields.next();
            String key = f.getKey();
            if (TOP.contains(key)) {
                continue;
            }
            if (key.startsWith("sim") && key.length() > 3) {
                if (!sim) {
                    throw bad(where, key, "is only for \"device\": \"sim\"", "remove it, or set device to sim");
                }
                simKeys.set(key, f.getValue());
                continue;
            }
            throw bad(where, key, "is not a key of the station's config",
                    "remove it or correct its spelling (docs/station.md lists the keys)");
        }
        if (sim) {
            checkSimKeys(simKeys, where);
        }
        int channels = k.integer("channels", 2, 1, 64);
        // The simulated device in simulated time also runs below audio rates: a literal simulated week in a test
        // writes 2.4 GB at 1 kHz.
        boolean instrument = sim && simKeys.path("simulatedTime").asBoolean(false);
        int rateHz = k.integer("rateHz", 48000, instrument ? 1000 : 44100, 192000);
        String format = k.string("format", "f32", false);
        if (!FORMATS.contains(format)) {
            throw bad(where, "format", "is \"" + format + "\"", "use one of f32, s32, s24, s24_3, s16");
        }
        int bufferMs = k.integer("bufferMs", 100, 5, 2000);
        Path deployment = Path.of(k.string("deployment", null, true));
        List<Path> overflow = k.strings("overflow").stream().map(Path::of).toList();
        long segmentNs = k.duration("segment", "600s");
        if (segmentNs < 1_000_000_000L) {
            throw bad(where, "segment", "is shorter than 1 s", "give a file length such as 600s or 1h");
        }
        List<String> names = k.strings("channelNames");
        if (!names.isEmpty() && names.size() != channels) {
            throw bad(where, "channelNames", "names " + names.size() + " channels but channels is " + channels,
                    "give one name per channel, or leave channelNames out");
        }
        List<String> ntp = k.strings("ntp");
        long ntpPollNs = k.duration("ntpPoll", "16s");
        if (ntpPollNs < 1_000_000_000L) {
            throw bad(where, "ntpPoll", "is shorter than 1 s", "give a poll interval such as 16s or 64s");
        }
        String ptp = k.string("ptp", "off", false);
        if (!Set.of("off", "dante", "aes67").contains(ptp)) {
            throw bad(where, "ptp", "is \"" + ptp + "\"", "use off, dante or aes67");
        }
        boolean discipline = k.bool("discipline", false);
        Integer serveNtp = k.has("serveNtp") ? k.integer("serveNtp", 0, 1, 65535) : null;
        List<String> ntpAllow = k.strings("ntpAllow");
        for (String cidr : ntpAllow) {
            if (!cidr.matches("[0-9a-fA-F:.]+(/\\d{1,3})?")) {
                throw bad(where, "ntpAllow", "holds \"" + cidr + "\", not an address block",
                        "give blocks such as 192.168.1.0/24");
            }
        }
        Keys api = k.object("api", Set.of("bind", "port", "tokenFile"));
        String tokenFile = api.string("tokenFile", null, false);
        ApiSettings apiSettings = new ApiSettings(api.string("bind", "127.0.0.1", false),
                api.integer("port", 8765, 0, 65535), tokenFile == null ? null : Path.of(tokenFile));
        Keys alerts = k.object("alerts", Set.of("webhook", "repeat"));
        String webhook = alerts.string("webhook", null, false);
        if (webhook != null) {
            try {
                URI uri = URI.create(webhook);
                if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme()) || uri.getHost() == null) {
                    throw new IllegalArgumentException();
                }
            } catch (IllegalArgumentException e) {
                throw bad(where, "alerts.webhook", "is \"" + webhook + "\", not an http(s) URL",
                        "give a URL such as https://alerts.example.org/hook, or null");
            }
        }
        long repeatNs = alerts.duration("repeat", "1h");
        Keys health = k.object("health", Set.of("silentDbfs", "silentFor", "diskMinFree"));
        double silentDbfs = health.number("silentDbfs", -80.0, -200.0, 0.0);
        long silentForNs = health.duration("silentFor", "10m");
        long diskMinFreeNs = health.duration("diskMinFree", "2h");
        String reference = k.string("reference", null, false);
        Integer referenceChannel = k.has("referenceChannel") ? k.integer("referenceChannel", 0, 1, channels) : null;
        if ((reference == null) != (referenceChannel == null)) {
            throw bad(where, reference == null ? "referenceChannel" : "reference", "is given without its partner",
                    "give both reference (pps or ltc) and referenceChannel, or neither");
        }
        if (reference != null && !reference.equals("pps") && !reference.equals("ltc")) {
            throw bad(where, "reference", "is \"" + reference + "\"", "use pps or ltc");
        }
        String calibration = k.string("calibration", null, false);
        String audio = k.string("audio", "bwf", false);
        if (!audio.equals("bwf") && !audio.equals("none")) {
            throw bad(where, "audio", "is \"" + audio + "\"", "use bwf (audio files) or none (timestamps only)");
        }
        return new StationConfig(device, channels, rateHz, format, bufferMs, deployment, overflow, segmentNs, names,
                ntp, ntpPollNs, ptp, discipline, serveNtp, ntpAllow, apiSettings, webhook, repeatNs,
                silentDbfs, silentForNs, diskMinFreeNs, simKeys, reference, referenceChannel,
                calibration == null ? null : Path.of(calibration), audio);
    }

    /** Lets record's own options judge the sim* keys' names and types, so both commands accept the same. */
    private static void checkSimKeys(ObjectNode simKeys, String where) {
        try {
            Json.MAPPER.readerForUpdating(RecordOptions.defaults()).readValue(simKeys);
        } catch (IOException e) {
            String key = e instanceof com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException u
                    ? u.getPropertyName()
                    : e instanceof com.fasterxml.jackson.databind.JsonMappingException m && !m.getPath().isEmpty()
                    ? m.getPath().get(0).getFieldName() : "sim*";
            throw bad(where, key, "is not a valid simulation key or value",
                    "see the sim* keys in docs/recording.md");
        }
    }

    /**
     * The options of one recording session in {@code out} (the folder recorded to): capture and sync keys from
     * here, {@code segment} (files cut on the UTC grid), the channel names, the overflow folders, the sim* keys as given.
     */
    public RecordOptions toRecordOptions(Path out) {
        RecordOptions o = RecordOptions.defaults();
        try {
            Json.MAPPER.readerForUpdating(o).readValue(simKeys);
        } catch (IOException e) {
            throw new IllegalStateException(e); // checked in parse
        }
        o.device = device;
        o.channels = channels;
        o.rateHz = rateHz;
        o.format = format;
        o.bits = null;
        o.bufferMs = bufferMs;
        o.duration = null;
        o.segment = (segmentNs / 1_000_000_000L) + "s";
        o.channelNames = channelNames.isEmpty() ? null : new ArrayList<>(channelNames);
        o.out = out.toString();
        o.overflow = overflow.stream().map(Path::toString).collect(java.util.stream.Collectors.toCollection(ArrayList::new));
        o.ntp = new ArrayList<>(ntp);
        o.ntpPoll = (ntpPollNs / 1_000_000_000L) + "s";
        o.ptp = ptp;
        o.discipline = discipline;
        o.serveNtp = serveNtp;
        o.ntpAllow = new ArrayList<>(ntpAllow);
        o.audio = audio;
        o.reference = reference;
        o.referenceChannel = referenceChannel;
        o.calibration = calibration == null ? null : calibration.toString();
        return o;
    }

    private static UserError bad(String where, String key, String problem, String remedy) {
        return new UserError("config " + where + ": " + (key == null ? "" : "key \"" + key + "\" ") + problem, remedy);
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    /** Typed reads of one object's keys; a missing key or JSON null takes the default. */
    private record Keys(JsonNode node, String where, String prefix) {

        boolean has(String key) {
            JsonNode v = node.get(key);
            return v != null && !v.isNull();
        }

        private UserError wrong(String key, String want) {
            return bad(where, prefix + key, "must be " + want + ", not " + node.get(key).toString(),
                    "give " + want + " (docs/station.md)");
        }

        String string(String key, String def, boolean required) {
            if (!has(key)) {
                if (required) {
                    throw bad(where, prefix + key, "is missing", "add it (docs/station.md)");
                }
                return def;
            }
            JsonNode v = node.get(key);
            if (!v.isTextual() || v.asText().isBlank()) {
                throw wrong(key, "a non-empty string");
            }
            return v.asText();
        }

        int integer(String key, int def, int min, int max) {
            if (!has(key)) {
                return def;
            }
            JsonNode v = node.get(key);
            if (!v.isIntegralNumber() || !v.canConvertToInt() || v.asInt() < min || v.asInt() > max) {
                throw wrong(key, "a whole number " + min + ".." + max);
            }
            return v.asInt();
        }

        double number(String key, double def, double min, double max) {
            if (!has(key)) {
                return def;
            }
            JsonNode v = node.get(key);
            if (!v.isNumber() || v.asDouble() < min || v.asDouble() > max) {
                throw wrong(key, "a number " + min + ".." + max);
            }
            return v.asDouble();
        }

        boolean bool(String key, boolean def) {
            if (!has(key)) {
                return def;
            }
            JsonNode v = node.get(key);
            if (!v.isBoolean()) {
                throw wrong(key, "true or false");
            }
            return v.asBoolean();
        }

        long duration(String key, String def) {
            String text = has(key) ? null : def;
            if (text == null) {
                JsonNode v = node.get(key);
                if (!v.isTextual()) {
                    throw wrong(key, "a duration string such as \"600s\", \"10m\" or \"1h\"");
                }
                text = v.asText();
            }
            try {
                long ns = DurationParser.parse(text).toNanos();
                if (ns <= 0) {
                    throw new IllegalArgumentException();
                }
                return ns;
            } catch (RuntimeException e) {
                throw bad(where, prefix + key, "is \"" + text + "\", not a positive duration",
                        "give a duration such as \"600s\", \"10m\" or \"1h\"");
            }
        }

        List<String> strings(String key) {
            if (!has(key)) {
                return List.of();
            }
            JsonNode v = node.get(key);
            if (!v.isArray()) {
                throw wrong(key, "a list of strings");
            }
            List<String> out = new ArrayList<>();
            for (JsonNode e : v) {
                if (!e.isTextual() || e.asText().isBlank()) {
                    throw wrong(key, "a list of non-empty strings");
                }
                out.add(e.asText());
            }
            return out;
        }

        Keys object(String key, Set<String> allowed) {
            JsonNode v = node.get(key);
            if (v == null || v.isNull()) {
                return new Keys(Json.MAPPER.createObjectNode(), where, prefix + key + ".");
            }
            if (!v.isObject()) {
                throw wrong(key, "an object { ... }");
            }
            Iterator<String> names = v.fieldNames();
            while (names.hasNext()) {
                String n = names.next();
                if (!allowed.contains(n)) {
                    throw bad(where, prefix + key + "." + n, "is not a key of \"" + key + "\"",
                            "use only " + String.join(", ", allowed.stream().sorted().toList()));
                }
            }
            return new Keys(v, where, prefix + key + ".");
        }
    }
}
