package io.tidemark.installer;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** lintian on the package, systemd-analyze on its unit, and the unit's promises in the issue. */
class UnitAndLintTest {

    private static final Path UNIT = Path.of("root/lib/systemd/system/tidemark-station.service");

    @Test
    void lintianReportsNoErrorAndNoWarning() throws Exception {
        Deb.requireTool("lintian", "lintian");
        Deb.Result r = Deb.run(300, "lintian", "--pedantic", "--info", Deb.file().toString());
        List<String> bad = r.output().lines().filter(l -> l.startsWith("E:") || l.startsWith("W:")).toList();
        assertTrue(bad.isEmpty(), "lintian:\n" + r.output());
        // the one tag kept (pedantic, info): no init.d script, on purpose (the station is a systemd service)
        Set<String> tags = r.output().lines().filter(l -> l.matches("^[EWIPX]: .*"))
                .map(l -> l.split(" ")[2]).collect(Collectors.toSet());
        assertTrue(Set.of("package-supports-alternative-init-but-no-init.d-script").containsAll(tags), "lintian:\n" + r.output());
    }

    @Test
    void systemdAnalyzeVerifyAcceptsTheUnit(@TempDir Path dir) throws Exception {
        Deb.requireTool("systemd-analyze", "systemd");
        // verify insists that ExecStart's program exists: the same unit, pointing at a copy of the launcher
        Path launcher = Files.copy(Deb.source().resolve("root/usr/bin/tidemark"), dir.resolve("tidemark"));
        launcher.toFile().setExecutable(true);
        String unit = Files.readString(Deb.source().resolve(UNIT));
        assertTrue(unit.contains("ExecStart=/usr/bin/tidemark "), unit);
        Path copy = dir.resolve("tidemark-station.service");
        Files.writeString(copy, unit.replace("ExecStart=/usr/bin/tidemark ", "ExecStart=" + launcher + " "));
        Deb.Result r = Deb.run(60, "systemd-analyze", "verify", "--man=no", copy.toString());
        assertEquals(0, r.exitCode(), r.output());
        assertEquals("", r.output().strip(), "systemd-analyze verify warns");
        // and it does catch a bad key (the check can fail)
        Files.writeString(copy, Files.readString(copy).replace("WatchdogSec=", "WatchdogSecs="));
        assertTrue(Deb.run(60, "systemd-analyze", "verify", "--man=no", copy.toString()).output().contains("Unknown key"));
    }

    @Test
    void theUnitIsTheHardenedStationTheIssueAsksFor() throws Exception {
        UnitFile u = UnitFile.read(Deb.source().resolve(UNIT));
        assertEquals("notify", u.serviceOne("Type"));
        assertTrue(u.serviceOne("WatchdogSec") != null && !u.serviceOne("WatchdogSec").isEmpty());
        assertEquals("always", u.serviceOne("Restart"));
        assertEquals("5", u.serviceOne("RestartSec"));
        assertEquals("tidemark", u.serviceOne("User"));
        assertEquals("audio", u.serviceOne("SupplementaryGroups"));
        assertEquals("tidemark", u.serviceOne("StateDirectory"));
        assertEquals("tidemark", u.serviceOne("ConfigurationDirectory"));
        assertEquals("strict", u.serviceOne("ProtectSystem"));
        assertEquals("yes", u.serviceOne("ProtectHome"));
        assertEquals("yes", u.serviceOne("PrivateTmp"));
        assertEquals("yes", u.serviceOne("NoNewPrivileges"));
        assertEquals("AF_UNIX AF_INET AF_INET6 AF_NETLINK", u.serviceOne("RestrictAddressFamilies"));
        assertEquals("CAP_SYS_TIME CAP_NET_BIND_SERVICE", u.serviceOne("CapabilityBoundingSet"));
        assertEquals("", u.serviceOne("AmbientCapabilities"), "monitor-only by default: no capability held");
        for (String breaks : List.of("MemoryDenyWriteExecute", "PrivateDevices", "PrivateUsers", "ProtectClock")) {
            assertNull(u.serviceOne(breaks), breaks + " breaks the JIT, /dev/snd, adjtimex or the discipline");
        }
        assertEquals(List.of("/usr/bin/tidemark", "station", "run", "--config", "/etc/tidemark/station.json"), u.execStart());
        UnitFile dropIn = UnitFile.read(Deb.source().resolve("root/usr/share/doc/tidemark/examples/capabilities.conf"));
        assertEquals("CAP_SYS_TIME CAP_NET_BIND_SERVICE", dropIn.serviceOne("AmbientCapabilities"));
    }
}
