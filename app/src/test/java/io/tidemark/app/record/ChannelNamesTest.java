package io.tidemark.app.record;

import io.tidemark.app.CliRun;
import io.tidemark.common.Json;
import io.tidemark.recorder.audio.BwfReader;
import io.tidemark.recorder.store.FileRow;
import io.tidemark.recorder.store.SessionReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The channel map (issue 12): stored with the session and in every file's iXML TRACK_LIST; a wrong count refused. */
class ChannelNamesTest {

    @Test
    void namesAreInTheSessionAndEveryFilesIxmlTrackList(@TempDir Path out) throws Exception {
        CliRun r = CliRun.run("record", "--device", "sim", "--channels", "3", "--rate", "48000", "--bits", "16",
                "--simulated-time", "--sim-start", "2026-11-21T10:00:57Z", "--duration", "130s", "--segment", "60s",
                "--channel-names", "BOND6,FAR3,TRI7C", "--out", out.toString(), "--json");
        assertEquals(0, r.exitCode(), r.err());
        Path session = Path.of(Json.MAPPER.readTree(r.out()).get("session").asText());
        List<String> names = List.of("BOND6", "FAR3", "TRI7C");
        List<FileRow> files;
        try (SessionReader db = SessionReader.open(session)) {
            assertEquals(names, db.channelNames());
            files = db.files();
        }
        assertEquals(4, files.size(), "10:00:57, 10:01, 10:02, 10:03: " + files);
        for (FileRow f : files) {
            try (BwfReader w = BwfReader.open(session.resolve(f.path()))) {
                assertEquals(names, w.ixml().orElseThrow().trackNames(), f.path());
            }
        }
    }

    @Test
    void aCountOtherThanTheChannelsIsOneLineAndCreatesNothing(@TempDir Path out) throws Exception {
        CliRun r = CliRun.run("record", "--device", "sim", "--channels", "3", "--rate", "48000", "--bits", "16",
                "--simulated-time", "--duration", "5s", "--channel-names", "A,B", "--out", out.toString());
        assertEquals(2, r.exitCode(), r.err());
        assertTrue(r.err().contains("--channel-names gives 2 names for 3 channels"), r.err());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        try (var list = Files.list(out)) {
            assertFalse(list.findAny().isPresent(), "nothing created");
        }
    }
}
