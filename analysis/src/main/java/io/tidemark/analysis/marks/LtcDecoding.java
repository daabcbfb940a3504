package io.tidemark.analysis.marks;

import java.util.List;

/**
 * What {@link LtcDecoder} found in a channel.
 *
 * @param frameRate      the rate measured from the bit length
 * @param frames         every frame decoded, in order
 * @param rejectedFrames frames whose sync word was found but whose time code was not valid BCD
 */
public record LtcDecoding(LtcFrameRate frameRate, List<LtcFrame> frames, int rejectedFrames) {

    public LtcDecoding {
        frames = List.copyOf(frames);
    }

    /** The frames' marks, for {@link MarkRateFit}. */
    public List<ReferenceMark> marks() {
        return frames.stream().map(LtcFrame::mark).toList();
    }
}
