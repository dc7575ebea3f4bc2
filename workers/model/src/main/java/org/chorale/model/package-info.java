/**
 * The RNN-RBM of Boulanger-Lewandowski, Bengio &amp; Vincent (ICML 2012) on ND4J: the model and its hyperparameters
 * ({@link org.chorale.model.RnnRbm}, {@link org.chorale.model.ModelConfig}), piano roll encoding
 * ({@link org.chorale.model.VisibleEncoding}), epoch-at-a-time training with CD-k and back-propagation through time
 * ({@link org.chorale.model.TrainingSession}), sampling ({@link org.chorale.model.Sampler}) and versioned binary
 * checkpoints ({@link org.chorale.model.Checkpoints}). A library for the workers and the CLI; it knows nothing of
 * Kafka.
 */
package org.chorale.model;
