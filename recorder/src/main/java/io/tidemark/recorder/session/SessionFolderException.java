package io.tidemark.recorder.session;

import io.tidemark.common.TidemarkException;

/** A session folder that cannot be made or written: it names the problem and the remedy. */
public class SessionFolderException extends TidemarkException {

    public SessionFolderException(String problem, String remedy) {
        super(problem, remedy);
    }

    public SessionFolderException(String problem, String remedy, Throwable underlying) {
        super(problem, remedy, underlying);
    }
}
