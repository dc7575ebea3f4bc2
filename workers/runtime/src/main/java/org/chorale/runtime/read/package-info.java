/**
 * Reading topics outside a consumer group: {@link org.chorale.runtime.read.CompactedTopicReader} rebuilds the
 * latest value per key of a compacted topic (datasets, checkpoints), and {@link org.chorale.runtime.read.ReplyWaiter}
 * waits for the keyed answer to a request. Both read only committed data.
 */
package org.chorale.runtime.read;
