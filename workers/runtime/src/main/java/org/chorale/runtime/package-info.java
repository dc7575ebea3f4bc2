/**
 * What every Chorale worker needs from Kafka, and nothing about music or the model: settings
 * ({@link org.chorale.runtime.ChoraleConfig}), the topic catalogue ({@link org.chorale.runtime.Topics}), and in
 * sub-packages the transactional consume-process-produce loop, readers of compacted topics, metrics and health over
 * HTTP, and an embedded single-node KRaft broker for development, demos and tests.
 */
package org.chorale.runtime;
