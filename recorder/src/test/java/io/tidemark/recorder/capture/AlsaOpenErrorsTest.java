package io.tidemark.recorder.capture;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Bad input to the ALSA backend is one line naming the problem and the remedy: an unknown name, a
 * format the PCM does not offer (with those it does), a channel count it does not take. The PCMs are
 * ALSA plugins an .asoundrc defines: {@code linear} offers integer formats only, {@code multi} of two
 * bound channels exactly two channels. ALSA's own stderr messages are silenced.
 */
class AlsaOpenErrorsTest {

    @Test
    void unknownNameFormatNotOfferedAndChannelsOutOfRangeAreOneLineErrors(@TempDir Path dir) throws Exception {
        Path home = AlsaFilePluginRecordTest.alsaHome(dir, Files.write(dir.resolve("in.raw"), new byte[64]));
        ChildJvm.Result r = ChildJvm.run(Map.of("HOME", home.toString()), 60, dir.resolve("child.log"),
                AlsaOpenErrorsMain.class);
        assertEquals(0, r.exitCode(), r.output());
        List<String> lines = r.output().lines().filter(l -> !l.isBlank()).toList();
        assertEquals(4, lines.stream().filter(l -> l.contains(": ") && !l.startsWith("cards:")
                && !l.startsWith("pcm:") && !l.startsWith("probe:")).count(),
                "one line each, nothing from ALSA on stderr: " + r.output());
        assertEquals("unknown: unknown ALSA device 'nosuchpcm': no such PCM, and no card's name contains it;"
                + " see 'tidemark devices' (no sound card is present), or define the PCM in ~/.asoundrc", lines.get(0));
        assertEquals("format: ALSA device 's16only' does not offer FLOAT_LE (f32); it offers S32_LE (s32),"
                + " S24_LE (s24), S24_3LE (s24_3), S16_LE (s16); use --format s32|s24|s24_3|s16", lines.get(1));
        assertEquals("channels: ALSA device 'twochannels' offers 2 to 2 channels, not 8; use --channels between 2"
                + " and 2", lines.get(2));
        assertTrue(lines.get(3).startsWith("works: opened alsa:twochannels"), lines.get(3));

        // The listing: no card on this machine; the default PCM (the file plugin) with every format,
        // no kernel timestamps; what the two plugin PCMs offer.
        assertEquals("cards: []", lines.get(4));
        String def = lines.stream().filter(l -> l.startsWith("pcm: Pcm[pcmName=default,")).findFirst()
                .orElseThrow(() -> new AssertionError("default listed: " + r.output()));
        assertTrue(def.contains("formats=[F32, S32, S24, S24_3, S16]") && def.contains("kernelTimestamps=false")
                && def.contains("commonRatesHz=[44100, 48000, 88200, 96000, 176400, 192000]")
                && def.contains("problem=null"), def);
        assertTrue(r.output().contains("probe: Pcm[pcmName=s16only, description=linear, formats=[S32, S24, S24_3, S16],"),
                r.output());
        assertTrue(r.output().contains("probe: Pcm[pcmName=twochannels, description=multi, formats=[F32, S32, S24,"
                + " S24_3, S16], channelsMin=2, channelsMax=2,"), r.output());
    }
}
