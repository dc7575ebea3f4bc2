/**
 * The ingest worker: turns MIDI files published to {@code chorale.midi.ingest} into piano rolls on the compacted
 * {@code chorale.pianorolls}, or into a {@code MidiRejected} with a reason code on {@code chorale.midi.rejected}.
 *
 * <p>Every input record gives exactly one of the two, committed atomically with the record's offset by the
 * runtime's transactional loop. A roll is keyed {@code <dataset>/<pieceId>} where the piece id is the content
 * hash of the quantised music, so publishing the same file again rewrites the same key (compaction keeps one).
 * Start here: {@link org.chorale.ingest.IngestWorker}, then {@link org.chorale.ingest.IngestHandler}.
 */
package org.chorale.ingest;
