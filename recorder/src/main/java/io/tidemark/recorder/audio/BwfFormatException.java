package io.tidemark.recorder.audio;

import io.tidemark.common.TidemarkException;

import java.nio.file.Path;

/** A WAV/RF64 file that is not what it claims to be. Prints as one line naming the file and the problem. */
public class BwfFormatException extends TidemarkException {

    private final Path file;

    public BwfFormatException(Path file, String problem) {
        super(file + ": " + problem, "check the path; the file is damaged or not a PCM WAV/RF64 file");
        this.file = file;
    }

    public Path file() {
        return file;
    }
}
