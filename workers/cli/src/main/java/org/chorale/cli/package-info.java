/**
 * The {@code chorale} command line: the picocli root command {@link org.chorale.cli.Chorale}, the options
 * shared by several commands (hyperparameters, composition settings, Kafka connection, dataset argument), and
 * the small helpers every command uses (one-line errors and exit codes, JSON output, progress, output files).
 * The commands themselves live in {@code offline} (no Kafka) and {@code kafka} (the event-driven fleet).
 */
package org.chorale.cli;
