package io.tidemark.analysis.video;


import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A missing or failing ffprobe/ffmpeg is one line with the cause and the remedy. */
class ExternalProgramTest {

    @Test
    void missingProgramSaysToInstallIt() {
        VideoException e = assertThrows(VideoException.class,
                () -> ExternalProgram.run(List.of("ffprobe-not-installed-here", "-version"), "unused"));
        assertTrue(e.oneLine().startsWith("ffprobe-not-installed-here is not installed or cannot run"), e.oneLine());
        assertTrue(e.oneLine().contains("apt-get install ffmpeg"), e.oneLine());
        assertEquals(1, e.oneLine().lines().count());
    }

    @Test
    void failingProgramGivesItsLastErrorLineAndTheRemedy() {
        VideoException e = assertThrows(VideoException.class,
                () -> ExternalProgram.run(List.of("ffprobe", "-v", "error", "/nonexistent/v.mkv"), "give a readable video"));
        assertTrue(e.oneLine().startsWith("ffprobe failed: /nonexistent/v.mkv: No such file or directory"), e.oneLine());
        assertTrue(e.oneLine().endsWith("; give a readable video"), e.oneLine());
    }

    @Test
    void mp4AndMovCreationTimesAreWholeSecondsMatroskaIsNot() {
        assertTrue(new VideoInfo(null, "mov,mp4,m4a,3gp,3g2,mj2", "h264", 0L, 1, 0).creationTimeWholeSecondsOnly());
        assertTrue(!new VideoInfo(null, "matroska,webm", "h264", 0L, 1, 0).creationTimeWholeSecondsOnly());
    }
}
