package io.tidemark.recorder.capture;

import io.tidemark.recorder.audio.BwfMetadata;
import io.tidemark.recorder.audio.RotatingBwfWriter;
import io.tidemark.recorder.capture.alsa.AlsaDevice;
import io.tidemark.recorder.session.BwfAudioSink;
import io.tidemark.recorder.session.LiveSampleUtc;
import io.tidemark.recorder.session.RecordingSession;
import io.tidemark.recorder.session.SessionFolder;
import io.tidemark.recorder.store.SessionInfo;
import io.tidemark.recorder.store.TimestampStore;
import io.tidemark.sync.clock.ClockReading;
import io.tidemark.sync.clock.ReferenceTime;
import io.tidemark.sync.clock.SystemClock;

import java.nio.file.Path;
import java.time.Instant;

/**
 * Records from an ALSA PCM through the library, as the shell will: {@link AlsaDevice#opener},
 * {@link RecordingSession}, rotating Broadcast WAV. Runs in a child JVM whose HOME holds the test's
 * .asoundrc (libasound reads it once per process). Prints {@code session=DIR} and the outcome.
 *
 * <p>Arguments: pcm channels rateHz format(f32|s32|s24|s24_3|s16) bufferFrames durationFrames rotateFrames outDir
 */
public final class AlsaRecordMain {

    public static void main(String[] args) throws Exception {
        String pcm = args[0];
        SampleEncoding encoding = SampleEncoding.parse(args[3]);
        CaptureFormat format = CaptureFormats.require(Integer.parseInt(args[1]), Integer.parseInt(args[2]), encoding);
        int bufferFrames = Integer.parseInt(args[4]);
        long frames = Long.parseLong(args[5]);
        long rotateFrames = Long.parseLong(args[6]);
        Path out = Path.of(args[7]);
        SystemClock clock = SystemClock.platform();
        DeviceOpener opener = AlsaDevice.opener(pcm, format, bufferFrames);
        CaptureDevice device = opener.open();
        System.out.println("opened " + device.name());
        try (SessionFolder folder = SessionFolder.create(out, Instant.now(), "alsa")) {
            ClockReading start = clock.read();
            TimestampStore store = TimestampStore.create(folder.dir(), new SessionInfo(folder.sessionId(),
                    device.name(), format.channels(), format.sampleRateHz(), format.bitsPerSample(), bufferFrames,
                    "test", "test", "{}", false, start.realtimeNs(), start.monoRawNs(), null, null, null));
            LiveSampleUtc utc = new LiveSampleUtc(format.sampleRateHz());
            BwfAudioSink sink = new BwfAudioSink(new RotatingBwfWriter(folder.dir(), folder.sessionId(), format,
                    rotateFrames, utc, store, BwfMetadata.defaults(), clock::realtimeNs));
            long durationNs = Math.round(frames * 1e9 / format.sampleRateHz());
            RecordingSession session = new RecordingSession(folder, store, opener, format, clock, ReferenceTime.NONE,
                    ReferenceTime.NONE, sink, RecordingSession.Pause.REAL,
                    new RecordingSession.Options(durationNs, bufferFrames, 10_000_000_000L, 1 << 20, 1 << 21,
                            1_000_000_000L), RecordingSession.Listener.NONE).feeding(utc);
            RecordingSession.Outcome o = session.run(device);
            store.close();
            System.out.println("session=" + folder.dir());
            System.out.println("outcome=" + o);
        }
    }
}
