/**
 * Music I/O for Chorale: Standard MIDI Files in and out of {@link org.chorale.music.PianoRoll}s, the benchmark
 * datasets, the bundled public-domain demo corpus, and statistics of rolls.
 *
 * <p>Entry points:
 * <ul>
 *   <li>{@link org.chorale.music.MidiReader} parses and quantises a MIDI file. It never throws on bad input: every
 *       refusal is a {@link org.chorale.music.MidiError} with a {@link org.chorale.music.MidiError.Reason}, and
 *       {@link org.chorale.music.MidiLimits} bound the work and memory any input can cause.</li>
 *   <li>{@link org.chorale.music.MidiWriter} writes a roll as a format-1 file; {@link org.chorale.music.MidiValidator}
 *       checks that a written file is well formed (every note closed and of positive length, tempo, time signature,
 *       end of track).</li>
 *   <li>{@link org.chorale.music.Datasets} loads the Boulanger-Lewandowski benchmark sets (pickle, JSON or a folder
 *       of MIDI files); {@link org.chorale.music.DemoCorpus} serves the bundled demo pieces.</li>
 *   <li>{@link org.chorale.music.MusicStats} measures rolls, {@link org.chorale.music.PianoRollImage} draws them;
 *       {@link org.chorale.music.Inspector} backs
 *       {@code chorale inspect}.</li>
 * </ul>
 *
 * <p>The parser is written here rather than taken from {@code javax.sound.midi}, which is lenient in undocumented
 * ways, allocates on declared lengths and reports errors untyped. This package knows nothing of Kafka or ND4J.
 */
package org.chorale.music;
