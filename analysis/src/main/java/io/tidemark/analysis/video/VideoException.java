package io.tidemark.analysis.video;

import io.tidemark.common.TidemarkException;

/** A video file, sidecar or external video tool that cannot be used: it names the problem and the remedy. */
public class VideoException extends TidemarkException {

    public VideoException(String problem, String remedy) {
        super(problem, remedy);
    }

    public VideoException(String problem, String remedy, Throwable underlying) {
        super(problem, remedy, underlying);
    }
}
