/**
 * The trainer worker: runs one epoch of an RNN-RBM per {@code EpochRequested} on {@code chorale.training.epochs}.
 *
 * <p>A training job is a chain of epoch events. For each request the worker reads the dataset from
 * {@code chorale.pianorolls} and the starting checkpoint from {@code chorale.models}, trains one epoch (outside
 * any Kafka transaction), evaluates it, and then, in one transaction with the request's offset, publishes the new
 * {@code ModelCheckpoint}, the {@code EpochCompleted} metrics and the next {@code EpochRequested}. A crash before
 * the commit means the epoch is redone from the same checkpoint with the same seed: no epoch is lost or doubled.
 * Start here: {@link org.chorale.trainer.TrainerWorker}, then {@link org.chorale.trainer.EpochHandler}.
 */
package org.chorale.trainer;
