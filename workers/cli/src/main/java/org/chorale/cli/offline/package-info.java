/**
 * Commands that use the model and the MIDI code directly, with no Kafka: {@code inspect}, {@code fit},
 * {@code eval}, {@code sample}, {@code stats}, {@code bench}. They work on files (MIDI, datasets, checkpoints)
 * and are what a researcher runs to reproduce the paper's measures or try a setting before starting a job.
 */
package org.chorale.cli.offline;
