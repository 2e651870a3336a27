/**
 * Fuzz tests: every parser and endpoint fed mutated real traffic. A bounded number of inputs runs
 * with the suite; {@code scripts/fuzz} runs 100,000 per parser and endpoint.
 */
@NullMarked
package dev.modelrouter.fuzz;

import org.jspecify.annotations.NullMarked;
