package io.tidemark.recorder.audio;

import io.tidemark.common.SoftwareVersion;

import java.util.ArrayList;
import java.util.List;

/**
 * What a person browsing the files should see, beyond the audio format: written into iXML (PROJECT,
 * TAPE, NOTE, track names) and bext (CodingHistory's software version).
 *
 * @param project               e.g. the deployment's name
 * @param tape                  e.g. the session id; null for the session folder's name
 * @param note                  free text, may be null
 * @param trackNames            one per channel, or empty for "Ch 1".."Ch N"
 * @param digitizerSampleRateHz the converter's measured rate, or 0 for the nominal rate
 */
public record BwfMetadata(String project, String tape, String note, List<String> trackNames,
                          int digitizerSampleRateHz, String softwareVersion) {

    public BwfMetadata {
        trackNames = List.copyOf(trackNames);
    }

    public static BwfMetadata defaults() {
        return new BwfMetadata("Tidemark", null, null, List.of(), 0, SoftwareVersion.get());
    }

    public BwfMetadata withTape(String newTape) {
        return new BwfMetadata(project, newTape, note, trackNames, digitizerSampleRateHz, softwareVersion);
    }

    public BwfMetadata withTrackNames(List<String> names) {
        return new BwfMetadata(project, tape, note, names, digitizerSampleRateHz, softwareVersion);
    }

    List<String> trackNamesFor(int channels) {
        List<String> names = new ArrayList<>(channels);
        for (int i = 0; i < channels; i++) {
            names.add(i < trackNames.size() ? trackNames.get(i) : "Ch " + (i + 1));
        }
        return names;
    }
}
