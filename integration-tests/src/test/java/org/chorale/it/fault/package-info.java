/**
 * Fault tests on a real broker with the workers as separate JVM processes (issue 7): a mixed corpus, a trainer and
 * a generator SIGKILLed mid-work, a broker restart, poison records on every input topic, and a load run. Each ends
 * with exact counts read with {@code read_committed}. docs/reliability.md maps each promise to its test.
 */
package org.chorale.it.fault;
