package org.chorale.music;

/**
 * The header's time division: ticks per quarter note (metrical), or SMPTE frames per second times ticks per frame
 * (time code, where ticks are absolute time and the tempo does not change their length).
 */
record Division(int ppq, int framesPerSecond, int ticksPerFrame) {

    static Division metrical(int ppq) { return new Division(ppq, 0, 0); }
    static Division smpte(int fps, int ticksPerFrame) { return new Division(0, fps, ticksPerFrame); }

    boolean isSmpte() { return framesPerSecond != 0; }

    /** Ticks per second of an SMPTE division; 29 means 30 000/1 001 frames per second (drop-frame NTSC). */
    double ticksPerSecond() {
        double fps = framesPerSecond == 29 ? 30000.0 / 1001.0 : framesPerSecond;
        return fps * ticksPerFrame;
    }

    String describe() {
        return isSmpte() ? "SMPTE " + framesPerSecond + " fps x " + ticksPerFrame + " ticks" : "PPQ " + ppq;
    }
}
