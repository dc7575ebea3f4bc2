/** Benchmarks run by hand (not tests): training and sampling throughput of the model against the GEMM roofline. */
package org.chorale.bench;
