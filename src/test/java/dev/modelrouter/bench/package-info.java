/**
 * Benchmarks, run by hand only: a loopback provider for end-to-end load tests ({@code scripts/bench})
 * and JMH microbenchmarks of the codecs ({@code scripts/bench-jmh}).
 */
@NullMarked
package dev.modelrouter.bench;

import org.jspecify.annotations.NullMarked;
