/** The provider client: pooled HTTP connections, provider auth headers, proxy, relaying bytes with backpressure. */
@NullMarked
package dev.modelrouter.upstream;

import org.jspecify.annotations.NullMarked;
