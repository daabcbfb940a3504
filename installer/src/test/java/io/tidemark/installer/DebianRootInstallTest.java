package io.tidemark.installer;

import io.tidemark.recorder.store.SessionReader;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The package installed for real, in a throwaway Debian 12 root (mmdebstrap, packages from Debian's
 * registry): apt pulls its dependencies; the tidemark user records into /var/lib/tidemark as the unit
 * would run it (setpriv with the unit's User, groups and Environment; systemd is not PID 1 here);
 * an upgrade keeps an edited config and the recordings; purge keeps the recordings. The root is
 * unmounted and removed afterwards, also when a test fails.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DebianRootInstallTest {

    private static final String UNIT = "/lib/systemd/system/tidemark-station.service";
    private Path root;
    private boolean procMounted;
    private boolean rootBound;
    private String aptOutput;

    @BeforeAll
    void makeRootAndInstall() throws Exception {
        Deb.requireTool("mmdebstrap", "mmdebstrap");
        Deb.requireTool("setpriv", "util-linux");
        Deb.requireTool("mount", "mount");
        Path parent = Files.createTempDirectory("tidemark-debroot");
        root = parent.resolve("root");
        Path deb = Deb.file();
        // apt-get install of the package file inside mmdebstrap's customize hook: there the root has
        // /proc, /dev and a resolver, so apt can fetch the dependencies from Debian's registry
        Deb.Result r = Deb.run(600, List.of("mmdebstrap", "--variant=apt", "--quiet",
                "--customize-hook=copy-in " + deb + " /tmp",
                "--customize-hook=chroot \"$1\" env DEBIAN_FRONTEND=noninteractive apt-get install -y"
                        + " --no-install-recommends ./tmp/" + deb.getFileName(),
                "bookworm", root.toString()));
        aptOutput = r.output();
        r.ok("mmdebstrap + apt-get install ./" + deb.getFileName());
        // the root bound onto itself, so that inside the chroot "/" is a mount point (the JVM's
        // FileStore, which the recorder asks for free space, looks the path's mount up in /proc/self/mounts)
        Deb.run(30, "mount", "--bind", root.toString(), root.toString()).ok("mount --bind root");
        rootBound = true;
        // java needs /proc (libjli.so is found through /proc/self/exe)
        Deb.run(30, "mount", "-t", "proc", "proc", root.resolve("proc").toString()).ok("mount proc");
        procMounted = true;
    }

    @AfterAll
    void removeRoot() throws Exception {
        if (root == null) {
            return;
        }
        try {
            if (procMounted) {
                unmount(root.resolve("proc"));
            }
            if (rootBound) {
                unmount(root);
            }
        } finally {
            // never delete through a mount that is still there
            String mounts = Files.readString(Path.of("/proc/self/mounts"));
            assertFalse(mounts.contains(root.toString()), "still mounted under " + root + ":\n" + mounts);
            Deb.deleteTree(root.getParent());
        }
    }

    private static void unmount(Path mountPoint) throws Exception {
        if (Deb.run(60, "umount", mountPoint.toString()).exitCode() != 0) {
            Deb.run(60, "umount", "-l", mountPoint.toString());
        }
    }

    private Deb.Result chroot(long timeoutSeconds, String... command) throws Exception {
        List<String> c = new ArrayList<>(List.of("chroot", root.toString()));
        c.addAll(List.of(command));
        return Deb.run(timeoutSeconds, c, Map.of("PATH", "/usr/sbin:/usr/bin:/sbin:/bin"));
    }

    /** The command as the unit runs it: its User, groups, working directory and Environment. */
    private List<String> asTheUnit(UnitFile unit, List<String> command) {
        List<String> c = new ArrayList<>(List.of("chroot", root.toString(), "setpriv",
                "--reuid", unit.serviceOne("User"), "--regid", unit.serviceOne("User"), "--init-groups",
                "env", "-i", "PATH=/usr/sbin:/usr/bin:/sbin:/bin", "HOME=/var/lib/tidemark", "LANG=C.UTF-8"));
        unit.environment().forEach((k, v) -> c.add(k + "=" + v));
        c.addAll(List.of("sh", "-c", "cd " + unit.serviceOne("WorkingDirectory") + " && exec \"$@\"", "sh"));
        c.addAll(command);
        return c;
    }

    private UnitFile installedUnit() throws IOException {
        return UnitFile.read(root.resolve(UNIT.substring(1)));
    }

    @Test
    @Order(1)
    void aptPulledTheJavaRuntimeAndTheCommandRunsFromPath() throws Exception {
        assertTrue(aptOutput.contains("Setting up default-jre-headless") || aptOutput.contains("Setting up openjdk-17-jre-headless"),
                "apt did not pull Java:\n" + aptOutput);
        assertTrue(aptOutput.contains("Setting up tidemark (" + Deb.version() + ")"), aptOutput);
        assertEquals("tidemark " + Deb.version(), chroot(60, "tidemark", "--version").ok("tidemark --version").output().strip());
        String id = chroot(30, "id", "tidemark").ok("id tidemark").output();
        assertTrue(id.contains("(audio)"), "tidemark is not in group audio: " + id);
        assertEquals(uid("tidemark"), ownerUid(root.resolve("var/lib/tidemark")), "/var/lib/tidemark is not tidemark's");
    }

    @Test
    @Order(2)
    void theTidemarkUserRecordsTheSimulatedDeviceIntoVarLibTidemark() throws Exception {
        UnitFile unit = installedUnit();
        Deb.Result r = Deb.run(120, asTheUnit(unit, List.of("tidemark", "record", "--device", "sim", "--channels", "2",
                "--rate", "48000", "--bits", "24", "--duration", "5s", "--out", "/var/lib/tidemark/deployment")));
        r.ok("tidemark record as tidemark");
        Path session = onlyNewSession(List.of());
        assertValidSessionOwnedByTidemark(session);
    }

    @Test
    @Order(3)
    void theStationRunsAsTheUnitWouldFor20sAndStopsOnSigterm() throws Exception {
        UnitFile unit = installedUnit();
        List<Path> before = sessions();
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Files.writeString(root.resolve("etc/tidemark/station.json"), """
                {
                  "device": "sim",
                  "channels": 2,
                  "rateHz": 48000,
                  "deployment": "/var/lib/tidemark/deployment",
                  "api": {"bind": "127.0.0.1", "port": %d}
                }
                """.formatted(port));
        Path log = Files.createTempFile("tidemark-station", ".log");
        try {
            Process p = new ProcessBuilder(asTheUnit(unit, unit.execStart())).redirectErrorStream(true)
                    .redirectOutput(log.toFile()).start();
            boolean exitedEarly = p.waitFor(20, TimeUnit.SECONDS);
            assertFalse(exitedEarly, "the station stopped by itself:\n" + Files.readString(log));
            p.destroy(); // SIGTERM, as systemctl stop: chroot, setpriv, env and sh each exec the next, so java gets it
            assertTrue(p.waitFor(30, TimeUnit.SECONDS), "the station ignored SIGTERM for 30 s");
            int code = p.exitValue();
            assertTrue(code == 0 || code == 143, "exit " + code + ":\n" + Files.readString(log));
        } finally {
            Files.deleteIfExists(log);
        }
        assertValidSessionOwnedByTidemark(onlyNewSession(before));
    }

    @Test
    @Order(4)
    void anUpgradeKeepsTheEditedConfigAndTheRecordings() throws Exception {
        Path config = root.resolve("etc/tidemark/station.json");
        String edited = Files.readString(config).replace("\"channels\"", "\"bufferMs\": 50,\n  \"channels\"");
        Files.writeString(config, edited);
        Map<String, String> recordings = digests();
        assertFalse(recordings.isEmpty());
        String newer = Deb.version() + "+upgradetest1";
        Path next = newerPackage(newer);
        try {
            Files.copy(next, root.resolve("tmp").resolve(next.getFileName()));
            Deb.Result r = chroot(300, "env", "DEBIAN_FRONTEND=noninteractive", "apt-get", "install", "-y",
                    "--no-install-recommends", "./tmp/" + next.getFileName());
            r.ok("apt-get install (upgrade)");
            assertTrue(r.output().contains("Unpacking tidemark (" + newer + ") over (" + Deb.version() + ")"), r.output());
        } finally {
            Deb.deleteTree(next.getParent());
        }
        assertEquals(newer, chroot(30, "dpkg-query", "-W", "-f=${Version}", "tidemark").ok("dpkg-query").output().strip());
        assertEquals(edited, Files.readString(config), "the upgrade changed the edited config");
        assertEquals(recordings, digests(), "the upgrade changed the recordings");
    }

    @Test
    @Order(5)
    void purgeRemovesTheConfigButNeverTheRecordings() throws Exception {
        Map<String, String> recordings = digests();
        assertFalse(recordings.isEmpty());
        Deb.Result r = chroot(300, "env", "DEBIAN_FRONTEND=noninteractive", "apt-get", "purge", "-y", "tidemark");
        r.ok("apt-get purge tidemark");
        assertTrue(r.output().contains("recordings are kept in /var/lib/tidemark"), "purge does not say where the recordings are:\n" + r.output());
        assertFalse(Files.exists(root.resolve("etc/tidemark")), "/etc/tidemark survived purge");
        assertFalse(Files.exists(root.resolve("usr/bin/tidemark")));
        assertEquals(recordings, digests(), "purge touched the recordings");
    }

    /** The package again, as version {@code newer}: dpkg-deb unpacks it, the control's Version changes, dpkg-deb packs it. */
    private static Path newerPackage(String newer) throws Exception {
        Path dir = Files.createTempDirectory("tidemark-deb-next");
        Path tree = dir.resolve("tree");
        Deb.run(60, "dpkg-deb", "-R", Deb.file().toString(), tree.toString()).ok("dpkg-deb -R");
        Path control = tree.resolve("DEBIAN/control");
        String c = Files.readString(control);
        assertTrue(c.contains("Version: " + Deb.version() + "\n"), c);
        Files.writeString(control, c.replace("Version: " + Deb.version() + "\n", "Version: " + newer + "\n"));
        Path out = dir.resolve("tidemark_" + newer + "_all.deb");
        Deb.run(120, "dpkg-deb", "--root-owner-group", "-b", tree.toString(), out.toString()).ok("dpkg-deb -b");
        return out;
    }

    private List<Path> sessions() throws IOException {
        Path deployment = root.resolve("var/lib/tidemark/deployment");
        if (!Files.isDirectory(deployment)) {
            return List.of();
        }
        try (Stream<Path> s = Files.walk(deployment, 3)) {
            return s.filter(p -> p.getFileName().toString().equals("session.db")).map(Path::getParent).sorted().toList();
        }
    }

    private Path onlyNewSession(List<Path> before) throws IOException {
        List<Path> now = new ArrayList<>(sessions());
        now.removeAll(before);
        assertEquals(1, now.size(), "new sessions under /var/lib/tidemark/deployment: " + now);
        return now.get(0);
    }

    private void assertValidSessionOwnedByTidemark(Path session) throws Exception {
        int tidemark = uid("tidemark");
        try (Stream<Path> files = Files.walk(session)) {
            for (Path f : files.toList()) {
                assertEquals(tidemark, ownerUid(f), f + " is not owned by tidemark");
            }
        }
        try (SessionReader reader = SessionReader.open(session)) {
            assertEquals("ok", reader.integrityCheck());
            assertTrue(reader.frames() > 48_000, "frames: " + reader.frames());
            assertFalse(reader.files().isEmpty(), "no audio file");
        }
    }

    private int uid(String user) throws IOException {
        for (String line : Files.readAllLines(root.resolve("etc/passwd"))) {
            String[] f = line.split(":");
            if (f[0].equals(user)) {
                return Integer.parseInt(f[2]);
            }
        }
        throw new AssertionError("no user " + user + " in the root");
    }

    private static int ownerUid(Path p) throws IOException {
        return (Integer) Files.getAttribute(p, "unix:uid", java.nio.file.LinkOption.NOFOLLOW_LINKS);
    }

    /** SHA-256 of every file under /var/lib/tidemark, by path. */
    private Map<String, String> digests() throws Exception {
        Path state = root.resolve("var/lib/tidemark");
        Map<String, String> d = new TreeMap<>();
        try (Stream<Path> s = Files.walk(state)) {
            for (Path f : s.filter(Files::isRegularFile).toList()) {
                MessageDigest md = MessageDigest.getInstance("SHA-256");
                d.put(state.relativize(f).toString(), HexFormat.of().formatHex(md.digest(Files.readAllBytes(f))));
            }
        }
        return d;
    }
}
