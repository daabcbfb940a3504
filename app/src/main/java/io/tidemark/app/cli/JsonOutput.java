package io.tidemark.app.cli;

import io.tidemark.common.Json;
import picocli.CommandLine.Option;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code --json} for the commands that print one result (a picocli mixin): the result as JSON on stdout, or
 * as "key: value" lines, nested maps indented, with the warnings on stderr instead.
 */
public final class JsonOutput {

    @Option(names = "--json", description = "print JSON")
    boolean json;

    /** Whether --json was given (for commands that print more than one result, e.g. as JSON lines). */
    public boolean json() {
        return json;
    }

    /** Prints {@code result}; as text, {@code warnings} go to stderr and its "warnings" key is left out. */
    public void print(Map<String, Object> result, List<String> warnings) {
        print(result, warnings, null);
    }

    /**
     * Likewise, and as text a closing "note:" line in words for what the fields say in codes (JSON has
     * the fields themselves); null for none.
     */
    public void print(Map<String, Object> result, List<String> warnings, String note) {
        if (json) {
            System.out.println(Json.write(result));
            return;
        }
        for (String w : warnings) {
            System.err.println("tidemark: warning: " + w);
        }
        Map<String, Object> text = new LinkedHashMap<>(result);
        text.remove("warnings");
        printText(text, "");
        if (note != null) {
            System.out.println("note: " + note);
        }
    }

    private static void printText(Object v, String indent) {
        if (v instanceof Map<?, ?> map) {
            for (var e : map.entrySet()) {
                if (e.getValue() instanceof Map<?, ?> || e.getValue() instanceof List<?> l && !l.isEmpty() && l.get(0) instanceof Map) {
                    System.out.println(indent + e.getKey() + ":");
                    printText(e.getValue(), indent + "  ");
                } else {
                    System.out.println(indent + e.getKey() + ": " + e.getValue());
                }
            }
        } else if (v instanceof List<?> list) {
            int i = 0;
            for (Object o : list) {
                System.out.println(indent + "[" + i++ + "]");
                printText(o, indent + "  ");
            }
        }
    }
}
