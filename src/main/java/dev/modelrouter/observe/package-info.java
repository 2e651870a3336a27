/** What the router did and what it cost: Micrometer meters, the JSON-lines request log, usage accounting. */
@NullMarked
package dev.modelrouter.observe;

import org.jspecify.annotations.NullMarked;
