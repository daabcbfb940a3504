package io.tidemark.app.bench;

import io.tidemark.common.Json;
import io.tidemark.app.cli.UserError;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The options the analysis benchmarks share ({@code --json}, {@code --session-cache DIR}) and their
 * own numeric ones, plus how they print: a two-column table of figures, or JSON.
 */
final class BenchOptions {

    final boolean json;
    final Path sessionCache;
    private final Map<String, Double> numbers = new HashMap<>();

    BenchOptions(String benchmark, String[] args, Map<String, Double> defaults) {
        boolean j = false;
        Path cache = Path.of(System.getProperty("java.io.tmpdir"), "tidemark-bench");
        numbers.putAll(defaults);
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals("--json")) {
                j = true;
            } else if (a.equals("--session-cache") && i + 1 < args.length) {
                cache = Path.of(args[++i]);
            } else if (a.startsWith("--") && defaults.containsKey(a.substring(2)) && i + 1 < args.length) {
                try {
                    numbers.put(a.substring(2), Double.parseDouble(args[++i]));
                } catch (NumberFormatException e) {
                    throw new UserError("cannot read '" + args[i] + "' as a number for " + a, "give a number, e.g. " + a + " 120");
                }
            } else {
                throw new UserError("tidemark bench " + benchmark + " does not know '" + a + "'",
                        "use --json, --session-cache DIR" + (defaults.isEmpty() ? "" : ", --"
                                + String.join(" N, --", defaults.keySet()) + " N"));
            }
        }
        this.json = j;
        this.sessionCache = cache;
    }

    double number(String name) {
        return numbers.get(name);
    }

    /** Prints rows of {figure, value, target or ""} as a table, or the figures map as JSON. */
    void print(String title, List<String[]> rows, Map<String, Object> figures) {
        if (json) {
            System.out.println(Json.write(figures));
            return;
        }
        System.out.println(title);
        System.out.println("| figure | value | target |");
        System.out.println("|---|---|---|");
        for (String[] r : rows) {
            System.out.printf(Locale.ROOT, "| %s | %s | %s |%n", r[0], r[1], r.length > 2 ? r[2] : "");
        }
    }
}
