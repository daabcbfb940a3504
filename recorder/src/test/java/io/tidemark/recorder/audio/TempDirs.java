package io.tidemark.recorder.audio;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** Unique temporary folders, removed after the test even when it fails. */
final class TempDirs {
    private TempDirs() {
    }

    static Path create(String name) throws IOException {
        return Files.createTempDirectory("tidemark-" + name + "-");
    }

    static void delete(Path dir) throws IOException {
        if (dir == null || !Files.exists(dir)) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
