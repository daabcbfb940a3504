package io.tidemark.installer;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * /usr/bin/tidemark from the package: JavaFX of the machine's architecture on the module path, the
 * shared jars on the class path, the app's main class; and the version it prints is the package's.
 */
class LauncherTest {

    private static Path root;
    private static Path fakeJavaHome;

    @BeforeAll
    static void unpack() throws Exception {
        root = Deb.extract(Files.createTempDirectory("tidemark-deb-launcher"));
        // a "java" that prints the arguments it was given, one a line
        fakeJavaHome = Files.createTempDirectory("tidemark-fake-java");
        Path java = Files.createDirectories(fakeJavaHome.resolve("bin")).resolve("java");
        Files.writeString(java, "#!/bin/sh\nfor a in \"$@\"; do echo \"$a\"; done\n");
        Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    @AfterAll
    static void clean() throws IOException {
        Deb.deleteTree(root);
        Deb.deleteTree(fakeJavaHome);
    }

    private static List<String> javaArgs(String arch) throws Exception {
        Path home = root.resolve("usr/share/tidemark");
        String out = Deb.run(30, List.of(root.resolve("usr/bin/tidemark").toString(), "status", "x"),
                Map.of("TIDEMARK_HOME", home.toString(), "TIDEMARK_ARCH", arch,
                        "JAVA_HOME", fakeJavaHome.toString())).ok("tidemark launcher").output();
        return out.lines().toList();
    }

    @Test
    void putsTheJavaFxOfEachArchitectureOnTheModulePath() throws Exception {
        Path home = root.resolve("usr/share/tidemark");
        for (String arch : List.of("amd64", "x86_64", "arm64", "aarch64")) {
            String dir = arch.equals("amd64") || arch.equals("x86_64") ? "amd64" : "arm64";
            List<String> args = javaArgs(arch);
            int mp = args.indexOf("--module-path");
            assertTrue(mp >= 0, arch + ": " + args);
            assertEquals(home.resolve("javafx").resolve(dir).toString(), args.get(mp + 1), arch);
            assertEquals("javafx.controls", args.get(args.indexOf("--add-modules") + 1), arch);
            assertEquals(home.resolve("lib") + "/*", args.get(args.indexOf("-cp") + 1), arch);
            assertEquals(List.of("io.tidemark.app.Tidemark", "status", "x"), args.subList(args.size() - 3, args.size()), arch);
        }
    }

    @Test
    void withoutJavaFxForTheArchitectureEveryOtherCommandStillStarts() throws Exception {
        List<String> args = javaArgs("armhf");
        assertTrue(!args.contains("--module-path") && args.contains("-cp"), args.toString());
    }

    @Test
    void mainClassIsTheApps() throws Exception {
        // the launcher names the class CommandLines.MAIN_CLASS names
        assertEquals(io.tidemark.app.cli.CommandLines.MAIN_CLASS, javaArgs("amd64").get(javaArgs("amd64").size() - 3));
    }

    @Test
    void printsThePackagesVersionFromTheJarManifests() throws Exception {
        Path home = root.resolve("usr/share/tidemark");
        String out = Deb.run(60, List.of(root.resolve("usr/bin/tidemark").toString(), "--version"),
                Map.of("TIDEMARK_HOME", home.toString())).ok("tidemark --version").output();
        assertEquals("tidemark " + Deb.version(), out.strip());
    }
}
