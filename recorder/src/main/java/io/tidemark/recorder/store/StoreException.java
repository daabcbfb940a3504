package io.tidemark.recorder.store;

/** The timestamp store could not write (disk full, I/O error); rows after the last commit are lost. */
public class StoreException extends RuntimeException {
    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
