package io.tidemark.app.record;

import io.tidemark.analysis.model.Calibration;
import io.tidemark.app.cli.UserError;
import io.tidemark.common.Json;
import io.tidemark.recorder.capture.CaptureFormat;
import io.tidemark.recorder.store.SessionInfo;
import io.tidemark.recorder.capture.ReferenceSignal;
import io.tidemark.recorder.capture.SimulatedDevice;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The reference-channel options of a recording ({@code --reference pps|ltc --reference-channel N}, and the
 * simulator's {@code --sim-reference*}): checked before anything is created, and the simulated reference put
 * on the simulated device.
 */
final class ReferenceOptions {

    /** How large a simulated reference's edges are: half of full scale, as a line input sees a 5 V pulse padded down. */
    static final double SIM_STEP_FULL_SCALE = 0.5;
    /** The simulated input's AC-coupling corner: a typical line input's coupling capacitor. */
    static final double SIM_AC_COUPLING_HZ = 3.0;

    private ReferenceOptions() {
    }

    /** Refuses, with one line each, a reference kind or channel that cannot be; {@code cfg} is effective. */
    static void check(RecordOptions cfg, int channels, boolean simDevice) {
        if (cfg.reference != null || cfg.referenceChannel != null) {
            if (cfg.reference == null || cfg.referenceChannel == null) {
                throw new UserError("--reference and --reference-channel go together",
                        "give both, e.g. --reference pps --reference-channel " + channels);
            }
            kind(cfg.reference, "--reference");
            if (cfg.referenceChannel < 1 || cfg.referenceChannel > channels) {
                throw new UserError("--reference-channel " + cfg.referenceChannel + " is out of range for " + channels
                        + " channels", "give a channel from 1 to " + channels);
            }
        }
        if (cfg.simReference != null || cfg.simReferenceChannel != null) {
            if (!simDevice) {
                throw new UserError("--sim-reference needs the simulated device", "add --device sim");
            }
            if (cfg.simReference == null || cfg.simReferenceChannel == null) {
                throw new UserError("--sim-reference and --sim-reference-channel go together",
                        "give both, e.g. --sim-reference pps --sim-reference-channel 1");
            }
            kind(cfg.simReference, "--sim-reference");
            if (cfg.simReferenceChannel < 1 || cfg.simReferenceChannel > channels - 1) {
                throw new UserError("--sim-reference-channel " + cfg.simReferenceChannel + " is out of range for "
                        + channels + " channels", "give a channel from 1 to " + (channels - 1)
                        + " (the simulated device's last channel carries its clicks)");
            }
        }
    }

    /** Refuses, in one line, a calibration file that is unreadable or made for another device or format. */
    static void checkCalibration(RecordOptions cfg, String deviceLabel, CaptureFormat format, int bufferFrames) {
        if (cfg.calibration == null) {
            return;
        }
        Calibration c = Calibration.read(Path.of(cfg.calibration));
        String formatJson = cfg.format == null ? null : Json.write(Map.of("format", cfg.format));
        SessionInfo planned = new SessionInfo("(new session)", deviceLabel, format.channels(), format.sampleRateHz(),
                format.bitsPerSample(), bufferFrames, null, null, formatJson, false, 0, 0, null, null, null);
        List<String> mismatches = c.mismatches(planned);
        if (!mismatches.isEmpty()) {
            throw new UserError("calibration " + cfg.calibration + " is for another setup: this recording has "
                    + String.join(", ", mismatches), "give a calibration made with the same device, format, rate and buffer"
                    + " size, or leave --calibration out");
        }
    }

    /** Copies the calibration, if any, into the new session folder, which then carries it to every command. */
    static void copyCalibration(RecordOptions cfg, Path sessionDir) throws IOException {
        if (cfg.calibration != null) {
            Files.copy(Path.of(cfg.calibration), sessionDir.resolve(Calibration.SESSION_FILE_NAME));
        }
    }

    private static String kind(String text, String flag) {
        if (!text.equals("pps") && !text.equals("ltc")) {
            throw new UserError(flag + " " + text + " is not known", "give pps or ltc");
        }
        return text;
    }

    /** Puts the simulated reference, if any, on the simulated device (before its first read). */
    static void putSimReference(RecordOptions cfg, SimulatedDevice.Opener device, long inputLatencyNs) {
        if (cfg.simReference == null || device == null) {
            return;
        }
        int rateHz = device.format().sampleRateHz();
        // The edges are placed at the device's own sampling instants: its fixed delivery delay (the input
        // latency) already makes the stamps see them that much later, as with a real converter.
        ReferenceSignal.AnaloguePath path = new ReferenceSignal.AnaloguePath(SIM_STEP_FULL_SCALE, SIM_AC_COUPLING_HZ,
                cfg.simReferenceSnrDb, 0);
        long seed = cfg.simSeed * 131 + 17;
        ReferenceSignal signal = cfg.simReference.equals("pps")
                ? ReferenceSignal.pps(rateHz, path, seed)
                : ReferenceSignal.ltc(rateHz, ReferenceSignal.LtcRate.FPS_25, ZoneOffset.UTC, true, path, seed);
        Map<String, Object> description = new LinkedHashMap<>();
        description.put("kind", cfg.simReference);
        if (cfg.simReference.equals("ltc")) {
            description.put("ltcFramesPerSecond", 25);
            description.put("ltcDate", true);
        }
        description.put("stepFullScale", SIM_STEP_FULL_SCALE);
        description.put("acCouplingHz", SIM_AC_COUPLING_HZ);
        description.put("snrDb", cfg.simReferenceSnrDb);
        description.put("inputLatencyNs", inputLatencyNs);
        device.putReference(cfg.simReferenceChannel - 1, signal, description);
    }
}
