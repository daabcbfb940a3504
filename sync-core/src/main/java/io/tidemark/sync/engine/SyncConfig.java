package io.tidemark.sync.engine;

import io.tidemark.sync.servo.PhaseServo;
import io.tidemark.sync.servo.RateServo;

/**
 * How the engine disciplines.
 *
 * @param discipline           false: monitor only, the clock is never touched
 * @param usePtp               false: frequency from NTP alone
 * @param ptpTimeoutNs         no Sync for this long (raw clock) means PTP is lost: holdover
 * @param stepThresholdNs      a phase error above this is stepped, but only while no recording runs
 * @param minSamplesBeforeStep NTP samples needed before a step is trusted
 * @param lockedTauS           phase loop time constant once PTP frequency is locked, s
 * @param unlockedTauS         phase loop time constant otherwise (NTP alone must also find frequency), s
 * @param frequencyUpdateNs    in LOCK/NANO, the PTP frequency is re-applied at most this often (each change is logged)
 * @param rate                 the rate servo's configuration
 * @param phase                the phase servo's configuration
 */
public record SyncConfig(boolean discipline, boolean usePtp, long ptpTimeoutNs, long stepThresholdNs,
                         int minSamplesBeforeStep, double lockedTauS, double unlockedTauS, long frequencyUpdateNs,
                         RateServo.Config rate, PhaseServo.Config phase) {

    public static SyncConfig defaults() {
        return new SyncConfig(true, true, 3_000_000_000L, 1_000_000L, 2, 256.0, 64.0, 16_000_000_000L,
                RateServo.Config.defaults(), PhaseServo.Config.defaults());
    }

    public SyncConfig withDiscipline(boolean on) {
        return new SyncConfig(on, usePtp, ptpTimeoutNs, stepThresholdNs, minSamplesBeforeStep, lockedTauS,
                unlockedTauS, frequencyUpdateNs, rate, phase);
    }

    public SyncConfig withPtp(boolean on) {
        return new SyncConfig(discipline, on, ptpTimeoutNs, stepThresholdNs, minSamplesBeforeStep, lockedTauS,
                unlockedTauS, frequencyUpdateNs, rate, phase);
    }
}
