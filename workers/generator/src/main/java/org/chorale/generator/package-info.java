/**
 * The generator worker: answers each {@code CompositionRequested} on {@code chorale.generation.requests} with a
 * {@code CompositionCompleted} (MIDI bytes) or a {@code CompositionFailed} (reason code) on
 * {@code chorale.compositions}, keyed by the request id so the caller can wait for its answer.
 *
 * <p>The worker follows {@code chorale.models} and serves the newest checkpoint of each model (or the version a
 * request names), decoding each version once. A request without a seed takes one derived from its id, so a
 * request redone after a crash yields the same music: same model version, seed and request give the same bytes.
 * Start here: {@link org.chorale.generator.GeneratorWorker}, then {@link org.chorale.generator.CompositionHandler}.
 */
package org.chorale.generator;
