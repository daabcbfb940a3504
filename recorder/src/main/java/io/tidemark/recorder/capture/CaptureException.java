package io.tidemark.recorder.capture;

import io.tidemark.common.TidemarkException;

/** A capture device or format that cannot be used as asked: it names the problem and the remedy. */
public class CaptureException extends TidemarkException {

    public CaptureException(String problem, String remedy) {
        super(problem, remedy);
    }

    public CaptureException(String problem, String remedy, Throwable underlying) {
        super(problem, remedy, underlying);
    }
}
