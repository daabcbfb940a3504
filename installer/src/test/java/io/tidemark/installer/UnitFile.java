package io.tidemark.installer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A systemd unit file read as systemd does for what the tests need: sections, repeated keys, quoted words. */
record UnitFile(Map<String, Map<String, List<String>>> sections) {

    static UnitFile read(Path file) throws IOException {
        Map<String, Map<String, List<String>>> sections = new LinkedHashMap<>();
        Map<String, List<String>> current = null;
        for (String raw : Files.readAllLines(file)) {
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#") || line.startsWith(";")) {
                continue;
            }
            if (line.startsWith("[")) {
                current = sections.computeIfAbsent(line.substring(1, line.indexOf(']')), k -> new LinkedHashMap<>());
                continue;
            }
            int eq = line.indexOf('=');
            current.computeIfAbsent(line.substring(0, eq).strip(), k -> new ArrayList<>()).add(line.substring(eq + 1).strip());
        }
        return new UnitFile(sections);
    }

    /** Every value of a key in [Service], in order; empty when absent. */
    List<String> service(String key) {
        return sections.getOrDefault("Service", Map.of()).getOrDefault(key, List.of());
    }

    String serviceOne(String key) {
        List<String> v = service(key);
        return v.isEmpty() ? null : v.get(v.size() - 1);
    }

    /** Environment= assignments (each value a list of words, double quotes grouping). */
    Map<String, String> environment() {
        Map<String, String> env = new LinkedHashMap<>();
        for (String value : service("Environment")) {
            for (String word : words(value)) {
                int eq = word.indexOf('=');
                env.put(word.substring(0, eq), word.substring(eq + 1));
            }
        }
        return env;
    }

    /** ExecStart's command line, split into words. */
    List<String> execStart() {
        return words(serviceOne("ExecStart"));
    }

    static List<String> words(String value) {
        List<String> words = new ArrayList<>();
        StringBuilder w = new StringBuilder();
        boolean quoted = false;
        boolean any = false;
        for (char c : value.toCharArray()) {
            if (c == '"') {
                quoted = !quoted;
                any = true;
            } else if (Character.isWhitespace(c) && !quoted) {
                if (any) {
                    words.add(w.toString());
                }
                w.setLength(0);
                any = false;
            } else {
                w.append(c);
                any = true;
            }
        }
        if (any) {
            words.add(w.toString());
        }
        return words;
    }
}
