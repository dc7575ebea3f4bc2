/**
 * A real single-node Kafka (KRaft, broker and controller in one) built from Kafka's own artifacts, for
 * {@code chorale standalone}, demos and tests: in this JVM, or as a child JVM that can be killed and restarted for
 * fault tests. Not for production.
 */
package org.chorale.runtime.broker;
