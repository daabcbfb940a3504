package io.tidemark.recorder.capture;

/** The capture device stopped delivering: unplugged, or its stream died. The session may reopen it. */
public class DeviceLostException extends Exception {
    public DeviceLostException(String message) {
        super(message);
    }

    public DeviceLostException(String message, Throwable cause) {
        super(message, cause);
    }
}
