/**
 * Each worker's Prometheus endpoint: a Micrometer registry with Chorale's common tags, JVM, process, system and Kafka
 * client meters, served with {@code /metrics} and {@code /healthz} by the Prometheus Java client's HTTP server.
 */
package org.chorale.runtime.metrics;
