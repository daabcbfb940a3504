package io.tidemark.installer;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every jar the package installs that carries native code carries it for both machines the package
 * serves: linux-x86_64 (amd64 PCs) and linux-aarch64 (Raspberry Pi 5). The architecture is read from
 * each ELF library's header (e_machine), not from its path.
 */
class BundledNativesTest {

    private static final int EM_X86_64 = 62;
    private static final int EM_AARCH64 = 183;
    private static Path root;

    @BeforeAll
    static void unpack() throws Exception {
        root = Deb.extract(Files.createTempDirectory("tidemark-deb-natives"));
    }

    @AfterAll
    static void clean() throws IOException {
        Deb.deleteTree(root);
    }

    @Test
    void everyClassPathJarWithLinuxNativesCarriesBothArchitectures() throws IOException {
        Path lib = root.resolve("usr/share/tidemark/lib");
        Set<String> withNatives = new TreeSet<>();
        try (Stream<Path> jars = Files.list(lib)) {
            for (Path jar : jars.filter(p -> p.toString().endsWith(".jar")).toList()) {
                Set<String> machines = elfMachines(jar);
                if (!machines.isEmpty()) {
                    withNatives.add(jar.getFileName().toString().replaceAll("-[0-9].*", ""));
                    assertTrue(machines.containsAll(Set.of("x86_64", "aarch64")),
                            jar.getFileName() + " has Linux natives for " + machines + " only");
                }
            }
        }
        // the jars the application loads natives from: the test must have seen them
        assertTrue(withNatives.containsAll(Set.of("jna", "sqlite-jdbc")), "jars with natives: " + withNatives);
    }

    @Test
    void javaFxComesForEachArchitectureWithOnlyThatArchitecturesNatives() throws IOException {
        Path fx = root.resolve("usr/share/tidemark/javafx");
        for (String module : List.of("javafx-base", "javafx-graphics", "javafx-controls")) {
            Path amd64 = only(fx.resolve("amd64"), module + "-");
            Path arm64 = only(fx.resolve("arm64"), module + "-");
            assertTrue(amd64.getFileName().toString().endsWith("-linux.jar"), amd64.toString());
            assertTrue(arm64.getFileName().toString().endsWith("-linux-aarch64.jar"), arm64.toString());
            Set<String> amd64Machines = elfMachines(amd64);
            Set<String> arm64Machines = elfMachines(arm64);
            if (module.equals("javafx-graphics")) {
                assertEquals(Set.of("x86_64"), amd64Machines, "natives of " + amd64.getFileName());
                assertEquals(Set.of("aarch64"), arm64Machines, "natives of " + arm64.getFileName());
            } else {
                assertTrue(Set.of("x86_64").containsAll(amd64Machines), amd64 + ": " + amd64Machines);
                assertTrue(Set.of("aarch64").containsAll(arm64Machines), arm64 + ": " + arm64Machines);
            }
        }
        try (Stream<Path> lib = Files.list(root.resolve("usr/share/tidemark/lib"))) {
            assertFalse(lib.anyMatch(p -> p.getFileName().toString().startsWith("javafx-")),
                    "JavaFX belongs in javafx/ARCH only, never on the shared class path");
        }
    }

    private static Path only(Path dir, String prefix) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            List<Path> found = s.filter(p -> p.getFileName().toString().startsWith(prefix)).toList();
            assertEquals(1, found.size(), prefix + " in " + dir + ": " + found);
            return found.get(0);
        }
    }

    /** The machines of the Linux ELF shared libraries in a jar ("x86_64", "aarch64", or "e_machine N"). */
    static Set<String> elfMachines(Path jar) throws IOException {
        Set<String> machines = new TreeSet<>();
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            for (ZipEntry e : zip.stream().toList()) {
                if (e.isDirectory() || !e.getName().endsWith(".so")) {
                    continue;
                }
                try (InputStream in = zip.getInputStream(e)) {
                    byte[] h = in.readNBytes(20);
                    if (h.length < 20 || h[0] != 0x7f || h[1] != 'E' || h[2] != 'L' || h[3] != 'F') {
                        continue;
                    }
                    boolean little = h[5] == 1;
                    int machine = little ? (h[18] & 0xff) | (h[19] & 0xff) << 8 : (h[19] & 0xff) | (h[18] & 0xff) << 8;
                    machines.add(switch (machine) {
                        case EM_X86_64 -> "x86_64";
                        case EM_AARCH64 -> "aarch64";
                        default -> "e_machine " + machine;
                    });
                }
            }
        }
        return machines;
    }
}
