/**
 * Test fixture shared by every module (published in chorale-runtime's test-jar): one Kafka broker per test JVM,
 * a Testcontainers {@code KafkaContainer} when Docker answers and the embedded in-JVM KRaft broker otherwise, with
 * client configs tuned for fast tests. Use {@code @ExtendWith(KafkaBrokerExtension.class)} and take a
 * {@link org.chorale.runtime.testing.TestBroker} parameter.
 */
package org.chorale.runtime.testing;
