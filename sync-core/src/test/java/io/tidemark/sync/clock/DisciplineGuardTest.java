package io.tidemark.sync.clock;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class DisciplineGuardTest {

    static final long WITH_CAP = 1L << 25;

    static DisciplineGuard.ProcessInfo p(String name, String... args) {
        return new DisciplineGuard.ProcessInfo(42, name, List.of(args));
    }

    @Test
    void refusesWithoutCapSysTime() {
        var r = DisciplineGuard.refusal(new DisciplineGuard.SystemFacts(0, List.of()));
        assertTrue(r.orElseThrow().contains("CAP_SYS_TIME"));
    }

    @Test
    void refusesWhenAnotherDaemonSteers() {
        for (String d : List.of("chronyd", "ntpd", "systemd-timesyncd", "ptp4l", "phc2sys")) {
            var r = DisciplineGuard.refusal(new DisciplineGuard.SystemFacts(WITH_CAP, List.of(p("bash"), p(d))));
            assertTrue(r.isPresent(), d);
            assertTrue(r.get().contains(d) && r.get().contains("already steering"), r.get());
        }
    }

    @Test
    void allowsWhenPrivilegedAndAlone() {
        assertTrue(DisciplineGuard.refusal(new DisciplineGuard.SystemFacts(WITH_CAP,
                List.of(p("bash"), p("chronyd", "chronyd", "-x", "-f", "x.conf")))).isEmpty());
    }

    @Test
    void inspectsThisMachine() {
        var facts = DisciplineGuard.inspect();
        assertFalse(facts.processes().isEmpty());
        assertTrue(facts.processes().stream().anyMatch(x -> x.pid() == ProcessHandle.current().pid()));
    }
}
