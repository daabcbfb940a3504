package io.tidemark.sync.ptp;

/** A packet that claims to be PTP but cannot be decoded (too short for its type, bad length). */
public final class MalformedPtpException extends Exception {
    public MalformedPtpException(String message) {
        super(message);
    }
}
